// Reference values computed on the spot by real SciPy (python3 with numpy and
// scipy, which scripts/test.sh installs), for scenes the oracle file does not
// hold: a grid after the user typed into it, a lesson's derived input.
import { execFileSync } from 'node:child_process';

/**
 * Runs `code` in python3 with `data` bound to the parsed JSON `input`; the
 * code must leave its answer (a JSON-able value) in `result`.
 */
export function python(code, input = null) {
  const program = `import json, sys\nimport numpy as np\nimport scipy.signal as sig\ndata = json.loads(sys.stdin.read())\n${code}\nprint(json.dumps(result))\n`;
  const out = execFileSync('python3', ['-c', program], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
}

/** `scipy.signal.convolve2d` or `correlate2d` as cells "0,0,i,j" -> value. */
export function scipyCells(op, in1, in2, mode = 'valid', boundary = 'fill', fillvalue = 0) {
  const out = python(
    `f = sig.convolve2d if data['op'] == 'convolve2d' else sig.correlate2d\nresult = f(np.array(data['in1'], dtype=float), np.array(data['in2'], dtype=float), mode=data['mode'], boundary=data['boundary'], fillvalue=data['fillvalue']).tolist()`,
    { op, in1, in2, mode, boundary, fillvalue },
  );
  const cells = new Map();
  out.forEach((row, i) => row.forEach((v, j) => cells.set(`0,0,${i},${j}`, v)));
  return cells;
}

/** Runs a generated Python snippet (numpy/scipy only); returns every array it printed. */
export function runPrinted(snippet) {
  return python(
    `printed = []\nns = {'print': lambda *a, **k: printed.append(np.asarray(a[0], dtype=float).tolist())}\nexec(data, ns)\nresult = printed`,
    snippet,
  );
}

/** A scene as a share-link fragment: base64url of its JSON, no padding. */
export function sceneFragment(scene) {
  return '#scene=' + Buffer.from(JSON.stringify(scene)).toString('base64url');
}
