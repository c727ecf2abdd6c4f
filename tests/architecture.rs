//! The floor plan, checked: no module of `src/` reaches itself through its
//! imports, the engine (`src/core/`) names no browser crate, and no source
//! file grows past the size a reader can hold in their head.
//!
//! Every `.rs` file under `src/` is a module (`src/core/stack/mod.rs` is
//! `core::stack`, `src/core/stack/border.rs` is `core::stack::border`). A
//! module depends on another when its code, outside `#[cfg(test)]` modules,
//! names a path into it: `use super::plan::Plan`, `crate::core::scene::Op`,
//! `pub use border::BorderMap` (a child) all count, re-exports included. A
//! path is resolved to the deepest module file it names. Declaring a child
//! (`mod border;`) is not a dependency. The graph must be acyclic; a cycle
//! is printed module by module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest a source file may be, in lines (tests included).
const MAX_LINES: usize = 400;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `src/core/stack/mod.rs` -> `["core", "stack"]`; `src/lib.rs` -> `[]`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src/");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The code without comments, string and char literals, and without the
/// `#[cfg(test)]` items (a test module may use anything).
fn code_of(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < bytes.len() {
                if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'r'
            && (bytes.get(i + 1) == Some(&b'"') || bytes.get(i + 1) == Some(&b'#'))
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'))
        {
            // A raw string r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while bytes.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if bytes.get(j) != Some(&b'"') {
                out.push(c as char);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= bytes.len() {
                    break;
                }
                if bytes[j] == b'"' && (0..hashes).all(|h| bytes.get(j + 1 + h) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                if bytes[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // A char literal ('a', '\n', '\u{..}') or a lifetime ('a).
            let rest = &text[i + 1..];
            let lit_len = if rest.starts_with('\\') {
                rest.find('\'').map(|k| k + 2)
            } else {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(ch), Some('\'')) => Some(ch.len_utf8() + 2),
                    _ => None,
                }
            };
            match lit_len {
                Some(n) => {
                    out.push_str("' '");
                    i += n;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            // Copy one whole UTF-8 character.
            let ch = text[i..].chars().next().expect("a char");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    strip_test_items(&out)
}

/// Removes every item that follows `#[cfg(test)]`, up to its closing brace
/// or semicolon.
fn strip_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let mut depth = 0usize;
        let mut end = after.len();
        for (k, ch) in after.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Expands `use a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand_use(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').expect("a closing brace")];
        let base = join(prefix, head);
        let mut depth = 0;
        let mut start = 0;
        for (k, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use(&inner[start..k], &base, out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        expand_use(&inner[start..], &base, out);
    } else if !tree.is_empty() {
        let path = tree.split(" as ").next().expect("a path").trim();
        out.push(join(prefix, path));
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}::{b}"),
    }
}

/// Every path the code names: the trees of its `use` items, and every
/// `crate::`, `super::` or `self::` path written inline.
fn paths_of(code: &str) -> Vec<(String, usize)> {
    let depth = inline_depths(code);
    let mut paths = Vec::new();
    let mut from = 0;
    // `use` items, public or not.
    while let Some(k) = find_word(&code[from..], "use") {
        let at = from + k;
        let after = &code[at + 3..];
        let end = after.find(';').unwrap_or(after.len());
        let tree: String = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut expanded = Vec::new();
        expand_use(&tree, "", &mut expanded);
        paths.extend(expanded.into_iter().map(|p| (p, depth[at])));
        from = at + 3 + end;
    }
    // Inline paths.
    let bytes = code.as_bytes();
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(k) = code[from..].find(root) {
            let start = from + k;
            from = start + root.len();
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                continue;
            }
            let mut end = start;
            while end < bytes.len()
                && (bytes[end].is_ascii_alphanumeric()
                    || bytes[end] == b'_'
                    || (bytes[end] == b':' && bytes.get(end + 1) == Some(&b':'))
                    || (bytes[end] == b':' && end > 0 && bytes[end - 1] == b':'))
            {
                end += 1;
            }
            let path = code[start..end].trim_end_matches(':');
            // `use super::{a, b}` is read as a `use` item above; alone,
            // `super` names no item.
            if path
                .split("::")
                .any(|s| !matches!(s, "crate" | "super" | "self"))
            {
                paths.push((path.to_string(), depth[start]));
            }
        }
    }
    paths
}

/// For every byte of `code`, how many inline `mod name { ... }` blocks
/// enclose it: `super` there first leaves those, within the same file.
fn inline_depths(code: &str) -> Vec<usize> {
    let bytes = code.as_bytes();
    let mut out = vec![0; bytes.len() + 1];
    // Per open brace: whether it opened an inline module.
    let mut stack: Vec<bool> = Vec::new();
    let mut inside = 0;
    for (k, &c) in bytes.iter().enumerate() {
        match c {
            b'{' => {
                let before = code[..k].trim_end();
                let is_mod = before
                    .rsplit(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                    .nth(1)
                    .is_some_and(|w| w == "mod")
                    && before.ends_with(|ch: char| ch.is_alphanumeric() || ch == '_');
                stack.push(is_mod);
                if is_mod {
                    inside += 1;
                }
            }
            b'}' => {
                if stack.pop() == Some(true) {
                    inside -= 1;
                }
            }
            _ => {}
        }
        out[k] = inside;
    }
    out[bytes.len()] = inside;
    out
}

/// The byte offset of `word` standing alone (not part of an identifier).
fn find_word(s: &str, word: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(k) = s[from..].find(word) {
        let at = from + k;
        let before_ok =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let after = bytes.get(at + word.len()).copied();
        let after_ok = after.is_some_and(|c| c == b' ' || c == b'\n' || c == b'\t');
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Resolves `path`, named in module `here`, to the deepest module it
/// reaches, or None for an outside crate, a primitive or the module itself.
fn resolve(
    (path, inline): &(String, usize),
    here: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let first = *segs.first()?;
    let (mut base, rest): (Vec<String>, &[&str]) = match first {
        "crate" => (Vec::new(), &segs[1..]),
        "self" if *inline > 0 => return None,
        "self" => (here.to_vec(), &segs[1..]),
        "super" => {
            let mut base = here.to_vec();
            let mut k = 0;
            while segs.get(k) == Some(&"super") {
                // Leaving an inline module stays in this file.
                if k >= *inline {
                    base.pop();
                }
                k += 1;
            }
            if k < *inline {
                // Still inside an inline module of this file.
                return None;
            }
            (base, &segs[k..])
        }
        "convlab" => (Vec::new(), &segs[1..]),
        child => {
            // A child module of this one (`pub use border::BorderMap`).
            let mut c = here.to_vec();
            c.push(child.to_string());
            if !modules.contains(&c) {
                return None;
            }
            (here.to_vec(), &segs[..])
        }
    };
    for seg in rest {
        let mut next = base.clone();
        next.push((*seg).to_string());
        if modules.contains(&next) {
            base = next;
        } else {
            break;
        }
    }
    Some(base)
}

struct Graph {
    modules: BTreeSet<Vec<String>>,
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    files: BTreeMap<Vec<String>, PathBuf>,
}

fn graph() -> Graph {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    let mut edges = BTreeMap::new();
    let mut by_module = BTreeMap::new();
    for f in &files {
        let here = module_of(f);
        if here.is_empty() {
            // lib.rs and main.rs only declare and mount.
            continue;
        }
        let code = code_of(&std::fs::read_to_string(f).expect("read a source file"));
        let mut deps = BTreeSet::new();
        for p in paths_of(&code) {
            if let Some(m) = resolve(&p, &here, &modules) {
                // A module's own ancestors that only declare it are not
                // reached; a path that stops at the root names nothing.
                if m != here && !m.is_empty() {
                    deps.insert(m);
                }
            }
        }
        edges.insert(here.clone(), deps);
        by_module.insert(here, f.clone());
    }
    Graph {
        modules,
        edges,
        files: by_module,
    }
}

/// Tarjan's strongly connected components with more than one module.
fn cycles(g: &Graph) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        next: usize,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(ws) = s.g.edges.get(v) {
            for w in ws {
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if s.on_stack.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = s.stack.pop().expect("on the stack");
                s.on_stack.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in g.modules.iter() {
        if g.edges.contains_key(v) && !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn name(m: &[String]) -> String {
    m.join("::")
}

/// One concrete cycle through `comp`, for the message.
fn a_cycle(g: &Graph, comp: &[Vec<String>]) -> Vec<String> {
    let inside: BTreeSet<&Vec<String>> = comp.iter().collect();
    let start = &comp[0];
    // Breadth-first from start back to start inside the component.
    let mut prev: BTreeMap<&Vec<String>, &Vec<String>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in g.edges.get(v).into_iter().flatten() {
            if !inside.contains(w) {
                continue;
            }
            if w == start {
                let mut path = vec![name(start)];
                let mut at = v;
                while at != start {
                    path.push(name(at));
                    at = prev[at];
                }
                path.push(name(start));
                path.reverse();
                return path;
            }
            if !prev.contains_key(w) {
                prev.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    comp.iter().map(|m| name(m)).collect()
}

#[test]
fn no_module_reaches_itself_through_its_imports() {
    let g = graph();
    assert!(
        g.modules.len() > 50,
        "found only {} modules",
        g.modules.len()
    );
    let found = cycles(&g);
    let report: Vec<String> = found
        .iter()
        .map(|comp| {
            format!(
                "{} modules: {}\n    e.g. {}",
                comp.len(),
                comp.iter().map(|m| name(m)).collect::<Vec<_>>().join(", "),
                a_cycle(&g, comp).join(" -> ")
            )
        })
        .collect();
    assert!(
        found.is_empty(),
        "{} import cycle(s):\n{}",
        found.len(),
        report.join("\n")
    );
}

#[test]
fn the_engine_names_no_browser_crate_and_no_ui_module() {
    let g = graph();
    let mut bad = Vec::new();
    for (m, file) in &g.files {
        if m.first().map(String::as_str) != Some("core") {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(file).expect("read"));
        for krate in ["leptos", "web_sys", "wasm_bindgen", "js_sys", "crate::ui"] {
            if paths_of(&code)
                .iter()
                .any(|(p, _)| p == krate || p.starts_with(&format!("{krate}::")))
            {
                bad.push(format!("{} names {krate}", file.display()));
            }
        }
        for dep in &g.edges[m] {
            if dep.first().map(String::as_str) == Some("ui") {
                bad.push(format!("{} depends on {}", file.display(), name(dep)));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn no_source_file_is_too_long_to_read() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut bad = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
            .expect("in the repo")
            .to_string_lossy()
            .into_owned();
        let lines = std::fs::read_to_string(f).expect("read").lines().count();
        if lines > MAX_LINES {
            bad.push(format!("{rel}: {lines} lines (at most {MAX_LINES})"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

// The checker checks itself: a cycle it is shown must be found.
#[test]
fn the_cycle_finder_finds_a_planted_cycle() {
    let a = vec!["core".to_string(), "a".to_string()];
    let b = vec!["core".to_string(), "b".to_string()];
    let c = vec!["core".to_string(), "c".to_string()];
    let root = vec!["core".to_string()];
    let modules: BTreeSet<_> = [root, a.clone(), b.clone(), c.clone()].into();
    // a -> b -> c -> a, found through the same path parsing as the real tree.
    let code_a = code_of("use super::b::Thing; // use super::c;\nfn f() {}");
    let code_b = code_of(
        "pub(crate) fn g() { crate::core::c::h(\"super::a\") }\nmod inner { use super::*; use self::x; }",
    );
    let code_c = code_of(
        "use super::{a::{self, X as Y}, c};\n#[cfg(test)]\nmod tests { use super::super::b; }",
    );
    let mut edges = BTreeMap::new();
    for (m, code) in [(&a, code_a), (&b, code_b), (&c, code_c)] {
        let deps: BTreeSet<_> = paths_of(&code)
            .iter()
            .filter_map(|p| resolve(p, m, &modules))
            .filter(|d| d != m && !d.is_empty())
            .collect();
        edges.insert(m.clone(), deps);
    }
    assert_eq!(edges[&a], [b.clone()].into(), "comments are not imports");
    assert_eq!(edges[&b], [c.clone()].into(), "strings are not paths");
    assert_eq!(
        edges[&c],
        [a.clone()].into(),
        "test modules are not counted"
    );
    let g = Graph {
        modules,
        edges,
        files: BTreeMap::new(),
    };
    let found = cycles(&g);
    assert_eq!(found, vec![vec![a.clone(), b.clone(), c.clone()]]);
    assert_eq!(
        a_cycle(&g, &found[0]),
        ["core::a", "core::b", "core::c", "core::a"]
    );
}
