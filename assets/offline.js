// Offline: registers the service worker (sw.js, written by
// scripts/build_sw.sh from assets/sw.js), which keeps every file of this
// build. index.html imports this module only once the app is whole, so the
// first screen waits for none of it. A newer build, once the browser has
// fetched it, waits until the person clicks "Reload" in the notice below.
async function offline() {
  if (!("serviceWorker" in navigator)) return;
  let registration;
  try {
    registration = await navigator.serviceWorker.register("./sw.js");
  } catch (e) {
    console.warn(`ConvLab will not work offline here: ${e}`);
    return;
  }
  if (!registration) return; // refused without an error (a test browser that blocks workers)
  const offer = async (worker) => {
    // A first install (no controller yet) is not an update.
    if (!worker || !navigator.serviceWorker.controller) return;
    await quiet();
    if (worker.state === "installed") showUpdate(worker);
  };
  offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed") offer(worker);
    });
  });
  // The new worker has taken over (here or in another tab): this page
  // still runs the old build's files, whose cache is gone; load the new.
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) return;
    reloading = true;
    location.reload();
  });
}

// Resolves once no request of the page has ended for `ms` milliseconds.
// Chromium hands over to a waiting worker only when the old one answers no
// request; asked to in the middle of the requests that follow the page
// becoming whole (the chunks fetched in the background), it was seen
// waiting out its 5-minute limit. So the notice waits for a quiet moment.
function quiet(ms = 2000) {
  return new Promise((done) => {
    const finish = () => {
      watch.disconnect();
      done();
    };
    let timer = setTimeout(finish, ms);
    const watch = new PerformanceObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(finish, ms);
    });
    watch.observe({ type: "resource" });
  });
}

function showUpdate(worker) {
  if (document.querySelector(".update")) return;
  const box = document.createElement("div");
  box.className = "update";
  box.setAttribute("role", "status");
  box.dataset.testid = "update-ready";
  const text = document.createElement("span");
  text.textContent = "A new version of ConvLab is ready.";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn--primary";
  button.dataset.testid = "update-reload";
  button.textContent = "Reload";
  button.addEventListener("click", () => {
    button.disabled = true;
    worker.postMessage("skip-waiting");
  });
  box.append(text, button);
  document.body.append(box);
}

offline();
