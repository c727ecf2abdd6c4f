//! The embed link: the same scene in a page for a course site's iframe,
//! with only the stage, the output and the player (the app reads `?embed`
//! in the page's query).

/// Whether a page's query (`location.search`, with or without its `?`)
/// asks for the embedded page: a parameter named `embed`.
pub fn is_embed_query(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p.split('=').next() == Some("embed"))
}

/// The share link `link` as an embed link: `?embed` (or `&embed`) before
/// its fragment.
pub fn embed_link(link: &str) -> String {
    let (page, fragment) = match link.find('#') {
        Some(k) => link.split_at(k),
        None => (link, ""),
    };
    let query = page.split_once('?').map_or("", |(_, q)| q);
    if is_embed_query(query) {
        return link.to_string();
    }
    let sep = if page.contains('?') { '&' } else { '?' };
    format!("{page}{sep}embed{fragment}")
}

/// The HTML a course site pastes: an iframe of the embed link, titled.
pub fn embed_html(link: &str, title: &str) -> String {
    let attr = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"760\" height=\"620\" style=\"border: 0\" loading=\"lazy\"></iframe>",
        attr(&embed_link(link)),
        attr(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_link_keeps_the_fragment_and_adds_one_parameter() {
        assert_eq!(
            embed_link("https://x.org/convlab/#scene=abc"),
            "https://x.org/convlab/?embed#scene=abc"
        );
        assert_eq!(
            embed_link("https://x.org/?lang=en#scene=abc"),
            "https://x.org/?lang=en&embed#scene=abc"
        );
        assert_eq!(
            embed_link("https://x.org/?embed#scene=a"),
            "https://x.org/?embed#scene=a"
        );
        assert_eq!(embed_link("https://x.org/"), "https://x.org/?embed");
    }

    #[test]
    fn only_a_parameter_named_embed_asks_for_it() {
        assert!(is_embed_query("?embed"));
        assert!(is_embed_query("a=1&embed=1"));
        assert!(!is_embed_query("?embedded"));
        assert!(!is_embed_query(""));
        assert!(!is_embed_query("?x=embed"));
    }

    #[test]
    fn the_iframe_escapes_what_it_quotes() {
        let html = embed_html("https://x.org/?a=1#scene=z", "Week \"3\" <b>");
        assert!(
            html.contains("src=\"https://x.org/?a=1&amp;embed#scene=z\""),
            "{html}"
        );
        assert!(
            html.contains("title=\"Week &quot;3&quot; &lt;b>\""),
            "{html}"
        );
    }
}
