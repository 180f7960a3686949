//! Hostile, huge, deep and broken input: the engine answers with a clean
//! result or a clear error, and never panics.

// Test code: a panic is the failure report.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use epure::{analyze, analyze_fragment, Options, Url};

fn options(url: &str) -> Options {
    Options {
        url: Url::parse(url).ok(),
        ..Options::default()
    }
}

/// Every box's link is http(s) and holds none of `never` (a script's
/// address the page tried to pass off as the embed's).
fn assert_links_safe(plan: &epure::Plan, never: &[&str]) {
    for p in &plan.placeholders {
        let url = p.url.as_deref().unwrap_or("https://");
        assert!(
            url.starts_with("https://") || url.starts_with("http://"),
            "{url}"
        );
        assert!(
            !never.iter().any(|n| url.contains(n)),
            "a script's address became a link: {url}"
        );
    }
}

/// A consent box of the seed's kind, with a tweet the page still carries.
const SEED_BOX: &str = r#"<div class="article-embed"><blockquote class="twitter-tweet"><p lang="en">Deep inside</p>&mdash; Someone (@deep_demo) <a href="https://twitter.com/deep_demo/status/1427612345678901248">17 août 2021</a></blockquote><div class="uc-embedding-container"><div class="uc-embedding-wrapper"><h3>Contenu externe</h3><p class="description-text">Ce contenu externe ne peut pas être affiché car il est susceptible de collecter des données personnelles.</p><div class="uc-embedding-buttons"><button class="uc-embedding-accept">Accepter</button><button class="uc-embedding-more-info">Plus d'info</button></div></div></div></div>"#;

#[test]
fn survives_a_hundred_thousand_nested_elements() {
    let depth = 100_000;
    let html = format!(
        "<html lang=fr><body>{}{SEED_BOX}{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let plan = analyze(&html, &options("https://paper.example/a.html"));
    assert_eq!(plan.version, epure::PLAN_VERSION);
    // Whatever is found that deep must still be well-formed.
    for p in &plan.placeholders {
        assert!(!p.summary.contains('<'));
    }
}

#[test]
fn survives_unclosed_and_misnested_markup() {
    let html = "<html><body><div><p><b><i></div></b><table><td><blockquote class=twitter-tweet><p>x</table><svg><foreignObject><div class=uc-embedding-container><button>Accepter";
    let plan = analyze(html, &Options::default());
    assert_eq!(plan.version, epure::PLAN_VERSION);
    let fragment = analyze_fragment(
        "</div></div><div class=uc-embedding-container>",
        &Options::default(),
    );
    assert_eq!(fragment.version, epure::PLAN_VERSION);
}

#[test]
fn survives_a_twenty_megabyte_page() {
    let mut html = String::from("<html lang=fr><body><main>");
    let para =
        "<p>Un paragraphe ordinaire de l'article, avec quelques mots pour remplir la page.</p>";
    while html.len() < 20 * 1024 * 1024 {
        html.push_str(para);
    }
    html.push_str("</main></body></html>");
    let plan = analyze(&html, &Options::default());
    assert!(plan.placeholders.is_empty());
}

#[test]
fn survives_binary_garbage() {
    // A fixed pseudo-random byte stream (xorshift), decoded lossily as a browser would.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state & 0xff) as u8
        })
        .collect();
    let text = String::from_utf8_lossy(&bytes);
    let plan = analyze(&text, &Options::default());
    assert_eq!(plan.version, epure::PLAN_VERSION);
}

#[test]
fn keeps_a_megabyte_of_hostile_text_out_of_the_summary() {
    let hostile = "\u{202e}<script>alert(1)</script> ".repeat(40_000);
    let html = format!(
        r#"<html lang=en><body><div class="article-embed"><blockquote class="twitter-tweet"><p>{hostile}</p>&mdash; X (@h_demo) <a href=" JaVaScRiPt:alert(1)">date</a></blockquote><div class="uc-embedding-container"><h3>We need your consent to load the X service!</h3><button class="uc-embedding-accept">Accept</button></div></div></body></html>"#
    );
    let plan = analyze(&html, &Options::default());
    for p in &plan.placeholders {
        assert!(
            p.summary.chars().count() <= 400,
            "summary too long: {}",
            p.summary.chars().count()
        );
        assert!(!p.summary.contains('\u{202e}'));
        assert!(p
            .url
            .as_deref()
            .is_none_or(|u| u.starts_with("https://") || u.starts_with("http://")));
    }
}

fn epure(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_epure"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn one_line_error(out: &Output) {
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "stderr: {err}");
    assert!(!err.contains("panicked"), "stderr: {err}");
}

#[test]
fn cli_reports_a_missing_page_in_one_line() {
    one_line_error(&epure(&["analyze", "no/such/page.html"], None));
}

#[test]
fn cli_refuses_invalid_rules_in_one_line() {
    let dir = std::env::temp_dir().join(format!("epure-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("rules.json");
    std::fs::write(
        &rules,
        r#"{"version":1,"sites":{"paper.example":{"boxes":["div[[["]}}}"#,
    )
    .unwrap();
    let out = epure(
        &["analyze", "-", "--rules", rules.to_str().unwrap()],
        Some(b"<p>x</p>"),
    );
    one_line_error(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("div[[["));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_refuses_a_bad_url_in_one_line() {
    one_line_error(&epure(
        &["analyze", "-", "--url", "not a url"],
        Some(b"<p>x</p>"),
    ));
}

#[test]
fn cli_reads_standard_input_and_prints_the_contract() {
    let out = epure(
        &["analyze", "-"],
        Some(b"<html lang=de><body><p>Hallo</p></body></html>"),
    );
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], epure::PLAN_VERSION);
    assert_eq!(json["language"], "de");
    assert!(json["placeholders"].as_array().unwrap().is_empty());
}

#[test]
fn cli_decodes_a_windows_1252_page_by_its_meta_charset() {
    let utf8 = format!(
        "<html lang=fr><head><meta charset=\"windows-1252\"></head><body>{}</body></html>",
        SEED_BOX.replace("Deep inside", "Café au lait")
    );
    // Re-encode by hand: every non-ASCII character of this page is é or û.
    let page: Vec<u8> = utf8
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            'û' => 0xFB,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect();
    let out = epure(&["analyze", "-"], Some(&page));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = json["placeholders"][0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("Café au lait"), "text was {text:?}");
}

/// Exit status of a page past a bound of the engine (README, CLI section).
const EXIT_TOO_LARGE: i32 = 4;

fn refused_whole(out: &Output) {
    one_line_error(out);
    assert_eq!(out.status.code(), Some(EXIT_TOO_LARGE));
    assert!(out.stdout.is_empty());
}

#[test]
fn cli_refuses_a_page_past_the_size_bound_and_writes_nothing() {
    let mut page = String::from("<html lang=fr><body><main>");
    while page.len() <= epure::MAX_INPUT_BYTES {
        page.push_str("<p>Un paragraphe ordinaire de l'article, avec des mots.</p>");
    }
    let dir = std::env::temp_dir().join(format!("epure-size-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tidied = dir.join("tidy.html");
    refused_whole(&epure(
        &["tidy", "-", "-o", tidied.to_str().unwrap()],
        Some(page.as_bytes()),
    ));
    assert!(!tidied.exists(), "a truncated page was written");
    refused_whole(&epure(&["extract", "-"], Some(page.as_bytes())));
    refused_whole(&epure(&["analyze", "-"], Some(page.as_bytes())));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_refuses_markup_past_the_work_budget_and_writes_nothing() {
    // Small in bytes, but html5ever keeps every div open.
    let page = format!(
        "<html lang=fr><body>{SEED_BOX}{}</body></html>",
        "<div/>".repeat(100_000)
    );
    let dir = std::env::temp_dir().join(format!("epure-work-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tidied = dir.join("tidy.html");
    refused_whole(&epure(
        &["tidy", "-", "-o", tidied.to_str().unwrap()],
        Some(page.as_bytes()),
    ));
    assert!(!tidied.exists(), "a truncated page was written");
    std::fs::remove_dir_all(&dir).unwrap();
    refused_whole(&epure(&["analyze", "-"], Some(page.as_bytes())));
    let lib = epure::tidy(&page, &Options::default());
    assert!(matches!(lib, Err(epure::TooLarge::Work { .. })));
    // `analyze` answers for the part it read: the box before the markup.
    let plan = analyze(&page, &Options::default());
    assert_eq!(plan.placeholders.len(), 1);
}

/// The text of the seed box's post once the CLI has decoded `page`.
fn decoded_post(page: &[u8]) -> String {
    let out = epure(&["analyze", "-"], Some(page));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["placeholders"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A page whose post reads "Café au lait", in windows-1252 bytes (é is 0xE9).
fn windows_1252_page(head: &str) -> Vec<u8> {
    let page = format!(
        "<html lang=fr><head>{head}</head><body>{}</body></html>",
        SEED_BOX.replace("Deep inside", "Café au lait")
    );
    page.chars()
        .map(|c| match c {
            'é' => 0xE9,
            'û' => 0xFB,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect()
}

/// The seed box with `post` as the post's words.
fn page_with_post(head: &str, post: &str) -> String {
    format!(
        "<html><head>{head}</head><body>{}</body></html>",
        SEED_BOX.replace("Deep inside", post)
    )
}

const CHINESE_POST: &str =
    "新电脑已可利用记忆自学，人工智能迈上新台阶。研究人员表示，这台电脑能够像人一样从经验中学习。";

#[test]
fn cli_reads_a_page_saved_as_utf8_under_its_old_legacy_charset_as_utf8() {
    let page = page_with_post(
        r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#,
        CHINESE_POST,
    );
    let text = decoded_post(page.as_bytes());
    assert!(text.contains("人工智能迈上新台阶"), "text was {text:?}");
}

#[test]
fn cli_guesses_the_encoding_of_an_unlabelled_legacy_page() {
    let chinese = page_with_post("", &CHINESE_POST.repeat(4));
    let (gbk, _, _) = encoding_rs::GBK.encode(&chinese);
    let text = decoded_post(&gbk);
    assert!(
        text.contains("人工智能迈上新台阶"),
        "GBK: text was {text:?}"
    );

    let french =
        "Café au lait, crème brûlée et thé glacé: le déjeuner préféré des élèves à l'école.";
    let french = page_with_post("", french);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&french);
    let text = decoded_post(&latin);
    assert!(
        text.contains("crème brûlée"),
        "windows-1252: text was {text:?}"
    );
}

#[test]
fn cli_reads_the_charset_from_meta_elements_only() {
    let meta = r#"<meta charset="windows-1252">"#;
    let traps = [
        format!("<title>charset=koi8-r</title>{meta}"),
        format!("<style>/* charset=shift_jis */</style>{meta}"),
        format!("<!-- <meta charset=koi8-r> -->{meta}"),
        format!(r#"<meta name="x" content="charset=koi8-r">{meta}"#),
        format!(r#"<link title="charset=koi8-r">{meta}"#),
        "<!--><meta charset=windows-1252>".to_owned(),
        r#"<meta http-equiv="Content-Type" content="text/html; charset='windows-1252'">"#
            .to_owned(),
        "<meta charset=x-user-defined>".to_owned(),
        "<meta charset=koi8-r charset=windows-1252 /><meta charset=windows-1252>".to_owned(),
    ];
    for head in traps {
        let text = decoded_post(&windows_1252_page(&head));
        let expected = if head.starts_with("<meta charset=koi8-r") {
            // The first meta decides, its first charset attribute only.
            "Caf\u{418} au lait"
        } else {
            "Café au lait"
        };
        assert!(text.contains(expected), "{head}: text was {text:?}");
    }
}

#[test]
fn cli_reads_a_utf_16_meta_as_utf_8_and_lets_a_bom_win() {
    let page = |head: &str| {
        format!(
            "<html lang=fr><head>{head}</head><body>{}</body></html>",
            SEED_BOX.replace("Deep inside", "Café au lait")
        )
    };
    let text = decoded_post(page("<meta charset=utf-16le>").as_bytes());
    assert!(text.contains("Café au lait"), "text was {text:?}");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(page("<meta charset=windows-1252>").as_bytes());
    let text = decoded_post(&bom);
    assert!(text.contains("Café au lait"), "text was {text:?}");
}

#[test]
fn cli_stops_quietly_when_the_reader_of_its_output_goes_away() {
    // More text than a pipe holds, so the CLI writes into a closed pipe
    // whether it starts before or after the reader leaves (`| head`).
    let paragraph =
        "<p>Une phrase assez longue pour un article, avec des mots, des virgules et un point.</p>";
    let page = format!(
        "<html><body><article><h1>Titre</h1>{}</article></body></html>",
        paragraph.repeat(4000)
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_epure"))
        .args(["extract", "--format", "text", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "status {:?}, stderr: {err}",
        out.status
    );
    assert!(!err.contains("panicked"), "stderr: {err}");
}

#[test]
fn an_article_that_renders_to_no_text_is_no_article() {
    let rules = epure::Rules::from_json(
        r#"{"version": 1, "sites": {"paper.example": {"article": ".empty"}}}"#,
    )
    .unwrap();
    let html = format!(
        "<html lang=en><body><div class=empty><img src=a.png></div><main>{}</main></body></html>",
        "<p>A paragraph of an ordinary article, long enough to be read as one.</p>".repeat(12)
    );
    let options = options("https://paper.example/a.html").rules(rules);
    assert!(matches!(
        epure::extract(&html, &options),
        Err(epure::NoArticle::NotFound)
    ));
}

/// Boxes a page's script draws and a React Server Components payload,
/// written to stall or fool the engine: thousands of custom elements each
/// with a deep declarative shadow root, addresses that are scripts, and a
/// payload of a hundred thousand client elements with broken escapes.
#[test]
fn bounds_drawn_boxes_and_a_hostile_server_components_payload() {
    let shadow = "<span>cookie</span>".repeat(200);
    let hosts: String = (0..2_000)
        .map(|i| {
            format!(
                r#"<x-embed consent="marketing" src="https://www.youtube.com/embed/a1b2c3d4e{i:02}"><template shadowrootmode="open">{shadow}</template></x-embed>"#
            )
        })
        .collect();
    let rows = r#"["$","$L1",null,{\"tweetId\":\"12345678901234567\u12\\\"}]"#.repeat(100_000);
    let html = format!(
        r#"<html lang=en><body><x-embed consent="marketing" src="javascript:alert(1)//https://www.youtube.com/embed/zzzzzzzzzzz"></x-embed>{hosts}<script>self.__next_f.push([1,"{rows}"])</script></body></html>"#
    );
    let plan = analyze(&html, &options("https://paper.example/a.html"));
    assert!(!plan.placeholders.is_empty(), "the drawn boxes are boxes");
    for p in &plan.placeholders {
        assert!(!p.summary.contains('<'));
    }
    assert_links_safe(&plan, &["zzzzzzzzzzz"]);
}

/// The rules for covers a page script binds, embeds kept escaped in a
/// `<template>` and SvelteKit's start data, fed a page written to stall or
/// fool them: a thousand covers each under an asking note, the page's
/// script budget filled with click handlers that name every cover and
/// build script addresses, a template holding megabytes of escaped markup
/// with a script as its frame, and a start script of forty thousand
/// embeds whose ids are markup (7 MB, under the CLI's page bound).
#[test]
fn bounds_bound_covers_escaped_templates_and_hostile_start_data() {
    let covers: String = (0..1_000)
        .map(|i| {
            format!(
                r#"<div class="thumb yt-cover-hostile{i:05}" style="cursor: pointer"><img src="/t{i}.jpg" alt=""></div><div>Clicking on this image will load the video and send data from and to YouTube/Google.</div>"#
            )
        })
        .collect();
    let handler: String = (0..1_000)
        .map(|i| {
            format!(
                r#"document.querySelector('.yt-cover-hostile{i:05}').addEventListener('click', function () {{ this.innerHTML = '<iframe src="javascript:alert(1)//https://www.youtube.com/embed/zzzzzzzzzzz"></iframe>'; }});"#
            )
        })
        .collect();
    // The page's script budget: sixteen handler scripts, the rest filler.
    let scripts = format!("<script>{handler}</script>").repeat(16)
        + &"<script>var a = 1;</script>".repeat(48);
    let escaped = "&lt;p&gt;cookie&lt;/p&gt;".repeat(60_000);
    let template = format!(
        r#"<div><p>Allow YouTube content?</p><template>&lt;iframe src=&quot;javascript:alert(1)//https://www.youtube.com/embed/yyyyyyyyyyy&quot;&gt;&lt;/iframe&gt;{escaped}</template><button>Allow</button></div>"#
    );
    let entries = r#"{platform:"youtube",id:"<img src=x onerror=alert(1)>"},"#.repeat(40_000);
    let start = format!(
        "<script>{{ __sveltekit_x = {{}}; const data = [{{embeds:[{entries}]}}]; kit.start(app, element, {{ data }}); }}</script>"
    );
    let html = format!(
        "<html lang=en><body><main>{covers}{template}</main>{scripts}{start}</body></html>"
    );
    let plan = analyze(&html, &options("https://paper.example/a.html"));
    assert!(!plan.placeholders.is_empty(), "the covers are boxes");
    for p in &plan.placeholders {
        assert!(!p.summary.contains('<'));
    }
    assert_links_safe(&plan, &["zzzzzzzzzzz", "yyyyyyyyyyy"]);
}

#[test]
fn bounds_consent_notes_and_components_built_by_a_runtime() {
    // Two thousand notes, every other one parking an address that is a
    // script, and a component carrying a hundred thousand classes, its
    // built mark last.
    let notes: String = (0..2_000)
        .map(|i| {
            let scheme = if i % 2 == 0 { "javascript:alert(1)//https:" } else { "https:" };
            format!(
                r#"<div class="n{i}" data-src="{scheme}//www.youtube.com/embed/Ab{i:09}"><p>Enable cookies to see this.</p></div>"#
            )
        })
        .collect();
    let classes: String = (0..100_000).map(|i| format!("c{i} ")).collect();
    let component = format!(
        r#"<amp-youtube data-videoid="Kw3nB8qZr5T" data-block-on-consent class="{classes}i-amphtml-built"><div placeholder>Video</div></amp-youtube>"#
    );
    let html = format!("<html lang=en><body><main>{notes}{component}</main></body></html>");
    let plan = analyze(&html, &options("https://paper.example/a.html"));
    assert!(!plan.placeholders.is_empty(), "the notes are boxes");
    assert_links_safe(&plan, &["javascript"]);

    // A whole paragraph of the article that parks an address and talks of
    // cookies is still the article's: no box hides it.
    let paragraph = "The bakery's cookies sold out by noon on the first day of the market, and the queue reached the harbour wall. ".repeat(8);
    let html = format!(
        r#"<html lang=en><body><article><h1>Market day</h1><p data-src="https://www.youtube.com/embed/Qv7tLk2Wp9s">{paragraph}</p><p>More.</p></article></body></html>"#
    );
    let plan = analyze(&html, &options("https://paper.example/b.html"));
    assert!(plan.placeholders.is_empty(), "{:?}", plan.placeholders);
}

#[test]
fn bounds_wrappers_words_and_scripts_read_since_the_rewrites() {
    // Two thousand hidden notices after live frames, each wrapping its
    // text in a hundred comments; two thousand player slots whose
    // wrappers' words name platforms at length; the page's text in four
    // scripts at once.
    let comments = "<!---->".repeat(100);
    let notices: String = (0..2_000)
        .map(|i| {
            format!(
                r#"<div><iframe src="https://www.youtube.com/embed/Ab{i:09}"></iframe><div style="display:none">{comments}<div><p>Enable cookies to see this video.</p><button>Accept</button></div></div></div>"#
            )
        })
        .collect();
    let words = "YouTube Vimeo ".repeat(300);
    let slots: String = (0..2_000)
        .map(|i| format!(r#"<div><p>{words}</p><div data-video="Zx{i:09}"></div></div>"#))
        .collect();
    let scripts = "Видео 動画を見る 视频 video ".repeat(5_000);
    let html =
        format!("<html lang=en><body><main><p>{scripts}</p>{notices}{slots}</main></body></html>");
    let plan = analyze(&html, &options("https://paper.example/c.html"));
    // Each notice belongs to a frame that shows its video: none is a box,
    // and no slot is given a platform its words only list.
    assert!(
        plan.placeholders.is_empty(),
        "{:?}",
        plan.placeholders.first()
    );
}

#[test]
fn gives_each_of_many_boxes_its_own_record_in_a_full_page_of_data() {
    // Three hundred boxes with no address, and as many records of their
    // videos in the page's data, each padded to fill the data read: every
    // box takes its own record's name, none another's.
    let boxes = 300;
    let pad = "x".repeat(1_500);
    let records: String = (0..boxes)
        .map(|i| {
            format!(
                r#"<script type="application/ld+json">{{"@type":"VideoObject","name":"Clip {i} of the depot","embedUrl":"https://www.youtube.com/embed/Mb7dP2w{i:04}","description":"{pad}"}}</script>"#
            )
        })
        .collect();
    let shown = r#"<p>Some words of the story between the boxes.</p><div><p>YouTube video</p><p>Please accept cookies to view this content.</p><button type="button">Accept cookies</button></div>"#;
    let html = format!(
        "<html lang=en><head>{records}</head><body><main><article><h1>Depot</h1>{}</article></main></body></html>",
        shown.repeat(boxes)
    );
    let plan = analyze(&html, &options("https://paper.example/d.html"));
    assert_eq!(plan.placeholders.len(), boxes);
    for (i, p) in plan.placeholders.iter().enumerate() {
        assert_eq!(
            p.text.as_deref(),
            Some(format!("Clip {i} of the depot").as_str())
        );
    }
}
