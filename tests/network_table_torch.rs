//! The exported script prints, in real PyTorch, the table the core renders
//! (`Report::table_text`), line for line: for every model case of
//! `tests/oracle/model_cases.json` (`CONVLAB_ORACLE`'s when it is set) and
//! every preset of the app, the script
//! `to_script` writes is run unchanged (as `__main__`) in one Python
//! process, and what it printed is compared with the core's text. The
//! paths, kinds, shapes and parameters come from PyTorch's own modules and
//! hooks; the receptive-field columns from the script's helper, which
//! reads each module's attributes; a refusal from PyTorch's exception.
//!
//! Needs PyTorch: `common::torch_python()` (`$CONVLAB_TORCH_PYTHON`, else
//! the venv `scripts/test.sh` installs).

use convlab::core::content::networks::network_presets;
use convlab::core::ops::network::{infer, to_script, Model, When};
use serde_json::{json, Value};

mod common;

/// Runs every job's script (`{name, script}`) as a program of its own
/// and prints, as JSON, what each printed.
const HARNESS: &str = r#"
import contextlib, io, json, sys, traceback, warnings
warnings.filterwarnings("ignore")
printed = {}
for job in json.load(open(JOBS)):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(job["script"], job["name"], "exec"), {"__name__": "__main__"})
    except Exception:
        out.write("<the script failed>\n" + traceback.format_exc())
    printed[job["name"]] = out.getvalue()
json.dump(printed, sys.stdout)
"#;

/// One model: its name, the script, and the core's table.
struct Job {
    name: String,
    script: String,
    want: String,
    rows: usize,
    with_field: usize,
    when: Option<When>,
}

fn job(name: String, text: &str, shape: &[i64]) -> Job {
    let model = Model::parse(text).unwrap_or_else(|e| panic!("{name}: does not parse: {e}"));
    let report = infer(&model, shape).unwrap_or_else(|e| panic!("{name}: {}", e.message()));
    Job {
        script: to_script(&model, shape),
        want: report.table_text(),
        rows: report.rows.len(),
        with_field: report.rows.iter().filter(|r| r.receptive.is_some()).count(),
        when: report.broken.as_ref().map(|b| b.when),
        name,
    }
}

/// The model cases (`CONVLAB_ORACLE`'s when it is set), then the presets.
fn jobs(oracle: &common::Cases) -> Vec<Job> {
    let mut jobs: Vec<Job> = oracle
        .cases
        .iter()
        .map(|c| {
            let shape: Vec<i64> = serde_json::from_value(c["input_shape"].clone()).unwrap();
            job(
                c["name"].as_str().unwrap().to_string(),
                c["text"].as_str().unwrap(),
                &shape,
            )
        })
        .collect();
    jobs.extend(
        network_presets()
            .iter()
            .map(|p| job(format!("preset {}", p.name), &p.text, &p.input_shape)),
    );
    jobs
}

/// What each script printed, by job name, from one Python process.
fn run_all(jobs: &[Job]) -> Value {
    let dir = std::env::temp_dir().join(format!("convlab-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("jobs.json");
    let list: Vec<Value> = jobs
        .iter()
        .map(|j| json!({ "name": j.name, "script": j.script }))
        .collect();
    std::fs::write(&file, serde_json::to_string(&list).unwrap()).unwrap();
    let script = HARNESS.replace("JOBS", &format!("{:?}", file.to_string_lossy()));
    let out = common::run_torch_python(&script);
    let _ = std::fs::remove_file(&file);
    let _ = std::fs::remove_dir(&dir);
    serde_json::from_str(&out).expect("the harness prints JSON")
}

/// The first line where `got` and `want` differ, shown with both texts.
fn difference(name: &str, got: &str, want: &str) -> Option<String> {
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    let k = (0..g.len().max(w.len())).find(|&k| g.get(k) != w.get(k))?;
    Some(format!(
        "{name}: line {} differs\n  torch {:?}\n  core  {:?}\n--- torch printed:\n{got}--- the core renders:\n{want}",
        k + 1,
        g.get(k).unwrap_or(&"<no line>"),
        w.get(k).unwrap_or(&"<no line>"),
    ))
}

#[test]
fn the_exported_script_prints_the_cores_table_in_pytorch() {
    let oracle = common::cases(common::Kind::Model);
    let jobs = jobs(&oracle);
    let printed = run_all(&jobs);
    let mut bad = Vec::new();
    let mut lines = 0;
    for j in &jobs {
        let got = printed[j.name.as_str()].as_str().unwrap_or("<nothing>");
        lines += got.lines().count();
        bad.extend(difference(&j.name, got, &j.want));
    }
    let count = |f: &dyn Fn(&Job) -> bool| jobs.iter().filter(|j| f(j)).count();
    let rows: usize = jobs.iter().map(|j| j.rows).sum();
    let with_field: usize = jobs.iter().map(|j| j.with_field).sum();
    println!(
        "{} scripts ({} presets), {lines} lines, {rows} layer rows ({with_field} with a receptive field), \
         {} forward refusals, {} build refusals; {} differ",
        jobs.len(),
        network_presets().len(),
        count(&|j| j.when == Some(When::Forward)),
        count(&|j| j.when == Some(When::Build)),
        bad.len()
    );
    assert!(
        bad.is_empty(),
        "{} of {} scripts print another table:\n{}",
        bad.len(),
        jobs.len(),
        bad.join("\n")
    );
    // What the comparison covered: it means something only if so.
    oracle.more_than(jobs.len(), 200 + 12, "scripts");
    oracle.more_than(
        count(&|j| j.when == Some(When::Forward)),
        20,
        "forward refusals",
    );
    oracle.more_than(count(&|j| j.when == Some(When::Build)), 5, "build refusals");
    oracle.more_than(with_field, 1000, "rows with a receptive field");
    oracle.more_than(rows - with_field, 0, "rows without one");
}
