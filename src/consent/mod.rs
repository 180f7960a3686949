//! Consent boxes: detection and summaries.
//!
//! `detect` finds the boxes (tool markup, anchors of site-written boxes,
//! box headings in any language), `carriers` reads what survives of each
//! embed, `platform` names it and cleans its link, `summary` writes the line.

#[cfg(test)]
mod ablation;
mod carriers;
mod configured;
mod controls;
mod data_fields;
mod detect;
mod hydrate;
mod language;
#[cfg(test)]
mod metamorphic;
mod page_language;
mod platform;
mod precheck;
mod scripted_box;
mod summary;
mod tool_index;

pub use precheck::{precheck, Precheck};

// The crate's text module, under the name consent's modules know it by.

use ego_tree::NodeId;

use crate::page::Page;
use crate::plan::Placeholder;
use crate::rules::CompiledRule;
use crate::target::Order;
use crate::text;

/// Chars of the post's own words kept in `Placeholder::text`.
pub const MAX_TEXT_CHARS: usize = 280;

/// Chars of a figure's caption taken as what a box held: a caption says a
/// line; a longer text beside a box is not its caption.
const MAX_CAPTION_CHARS: usize = 200;

/// Chars of a box's wording read to find which platform it names.
const WORDING_LIMIT: usize = 2_000;

/// What [`detect`] found.
pub struct Found {
    /// The page's language, when the boxes' wording needed it; a page with
    /// no box leaves it to [`language_of`], asked only if a caller wants it
    /// (reading the page's text for it costs more than many a page's boxes).
    pub language: Option<Option<String>>,
    /// The boxes in document order: each one's element in the page's tree
    /// and what it stood for.
    pub boxes: Vec<(NodeId, Placeholder)>,
}

/// Finds every consent box in `page` (whose elements `order` lists, asked
/// only when there is a box to address). Site rules win over heuristics.
pub fn detect<'o>(
    page: &Page,
    rules: &[&CompiledRule],
    order: impl FnOnce() -> &'o Order,
) -> Found {
    let scan = detect::find(page, rules);
    // No box, no hit inside one: the language is the page's text's alone.
    if scan.boxes.is_empty() {
        return Found {
            language: None,
            boxes: Vec::new(),
        };
    }
    let language = page_language::of_page(page)
        .or_else(|| language::most_common(&scan.hits).map(str::to_owned));
    let Some(wording) = language::wording(language.as_deref()) else {
        return Found {
            language: Some(language),
            boxes: Vec::new(),
        };
    };
    let base = page.url.as_ref();
    let order = order();
    // A box the browser cannot address (inside a <template>) is not reported.
    let boxes: Vec<_> = scan
        .boxes
        .iter()
        .filter_map(|found| Some((found, order.address(found.outer)?)))
        .collect();
    // What the reader's (or the built-in) rules say a box's line shows wins
    // over what the box holds.
    let lines = crate::rules::box_lines(rules, page.top());
    // The page's inline scripts, read once if a box names no platform or
    // keeps no address.
    let scripts = std::cell::OnceCell::new();
    let read: Vec<(carriers::Embed, Option<&crate::data::PlatformEntry>)> = boxes
        .iter()
        .map(|(found, _)| {
            let ruled = lines
                .get(&found.outer.id())
                .and_then(|l| l.platform.as_ref());
            // A clickable cover names its platform in the note under it,
            // outside its own element ("… send data to YouTube").
            let named = ruled
                .or_else(|| platform::in_wording(&wording_of(found.outer)))
                .or_else(|| {
                    controls::note_under(found.outer)
                        .and_then(|note| platform::in_wording(&wording_of(note)))
                });
            let mut embed = carriers::read(found.outer, base);
            if embed.url.is_none() {
                if let Some(drawn) = scripted_box::embed_in(found.outer, base) {
                    embed.merge(drawn);
                }
            }
            // What the box says it blocks wins: an embed of another platform
            // beside it (a neighbouring post) is not its own.
            if !platform::agree(embed.platform, named) {
                embed = carriers::Embed::default();
            }
            if embed.url.is_none() {
                if let Some(before) = detect::leftover_before(found.outer) {
                    let before = carriers::read(before, base);
                    if platform::agree(named, before.platform) {
                        embed.merge(before);
                    }
                }
            }
            if embed.url.is_none() {
                let kept = carriers::wrapper_address(found.outer)
                    .filter(|u| platform::agree(named, platform::by_url(u)));
                if let Some(url) = kept {
                    embed.take_address(url);
                }
            }
            if embed.url.is_none() {
                let kept = carriers::kept_by_wrapper(found.outer, base)
                    .filter(|k| platform::agree(named, k.platform));
                if let Some(kept) = kept {
                    embed.merge(kept);
                }
            }
            if embed.url.is_none() {
                let kept = carriers::kept_by_hidden_sibling(found.outer, base)
                    .filter(|k| platform::agree(named, k.platform));
                if let Some(kept) = kept {
                    embed.merge(kept);
                }
            }
            if embed.url.is_none() {
                let kept = carriers::kept_in_comment_after(found.outer, base)
                    .filter(|k| platform::agree(named, k.platform));
                if let Some(kept) = kept {
                    embed.merge(kept);
                }
            }
            // A hidden twin beside the box keeping the same embed (the frame
            // a tool parked after drawing the box) may still carry its title.
            if embed.url.is_some() && embed.title.is_none() {
                let twin = carriers::kept_by_hidden_sibling(found.outer, base)
                    .filter(|k| k.url == embed.url);
                if let Some(twin) = twin {
                    embed.merge(twin);
                }
            }
            // A box that kept no embed may still link to the post or video
            // it names ("Link zum Video: https://youtu.be/…").
            if embed.url.is_none() {
                if let Some(url) = named.and_then(|n| carriers::content_link(found.outer, base, n))
                {
                    embed.take_address(url);
                }
            }
            // Or link to its frame's own address ("Open in new tab").
            if embed.url.is_none() {
                let linked = carriers::frame_link(found.outer, base)
                    .filter(|k| platform::agree(named, k.platform));
                if let Some(linked) = linked {
                    embed.merge(linked);
                }
            }
            // Or write its address out in its text ("Source: https://…").
            if embed.url.is_none() {
                if let Some(url) = carriers::written_address(found.outer, named) {
                    embed.take_address(url);
                }
            }
            // Or have it built by the page script that binds its click.
            if embed.url.is_none() {
                let keyed = scripts
                    .get_or_init(|| configured::Scripts::of(page))
                    .keyed_address(found.outer)
                    .filter(|u| platform::agree(named, platform::by_url(u)));
                if let Some(url) = keyed {
                    embed.take_address(url);
                }
            }
            // Or have it listed in its runtime's service configuration.
            if embed.url.is_none() {
                let listed = scripts
                    .get_or_init(|| configured::Scripts::of(page))
                    .listed_address(found.outer)
                    .filter(|u| platform::agree(named, platform::by_url(u)));
                if let Some(url) = listed {
                    embed.take_address(url);
                }
            }
            let platform = ruled
                .or(embed.platform)
                .or(named)
                .or_else(|| platform::in_classes(found.outer))
                // A box that names and keeps nothing may sit in a figure
                // whose caption names the service ("… (Spotify)").
                .or_else(|| {
                    embed
                        .url
                        .is_none()
                        .then(|| caption_of(found.outer))
                        .flatten()
                        .and_then(|c| platform::in_wording(&c))
                })
                // Or one that keeps nothing, the page script configuring it.
                .or_else(|| {
                    embed.url.is_none().then(|| {
                        scripts
                            .get_or_init(|| configured::Scripts::of(page))
                            .platform_of(found.outer)
                    })?
                });
            (embed, platform)
        })
        .collect();
    // Boxes that kept no URL may find it in the page's data.
    let waiting: Vec<_> = read.iter().map(|(e, p)| (*p, e.url.is_some())).collect();
    let hydrated = if waiting.iter().any(|(_, has)| !has) {
        hydrate::assign(
            &waiting,
            &hydrate::embeds(page),
            &hydrate::framework_embeds(page),
            &hydrate::component_ids(page),
        )
    } else {
        Vec::new()
    };
    // The records of the page's data, read once for every box given its
    // address there.
    let data_records = std::cell::OnceCell::new();
    let boxes = boxes
        .into_iter()
        .zip(read)
        .enumerate()
        .map(|(i, ((found, target), (embed, platform)))| {
            let from_data = hydrated
                .get(i)
                .cloned()
                .flatten()
                .filter(|_| embed.url.is_none());
            // The frame's title the data gives beside its address.
            let data_title = from_data
                .as_ref()
                .and_then(|u| hydrate::title_of(page, u))
                .and_then(|t| carriers::useful_title(&t));
            // What the data's record of the embed says (its oEmbed, its
            // schema.org object, its CMS block).
            let data_said = from_data
                .as_ref()
                .map(|u| {
                    let records = data_records.get_or_init(|| data_fields::records(page));
                    data_fields::described(records, u, platform.or_else(|| platform::by_url(u)))
                })
                .unwrap_or_default();
            let mut url = embed.url.or(from_data);
            // A box that named no platform takes its data's embed's.
            let platform = platform.or_else(|| url.as_ref().and_then(platform::by_url));
            // A service outside the platforms is named by its frame's host,
            // and its frame's title says what it showed.
            let mut outside_title = None;
            if platform.is_none() && url.is_none() {
                match carriers::parked_frame(found.outer, base) {
                    Some((address, title)) => {
                        url = Some(address);
                        outside_title = title;
                    }
                    None => url = carriers::named_host_link(found.outer, base),
                }
            }
            // A box that kept no words of its embed may sit in a figure
            // whose caption says what it was.
            let words = lines
                .get(&found.outer.id())
                .and_then(|l| l.words.clone())
                .or(embed.text)
                .or(embed.title)
                .or(data_title)
                .or(data_said.text)
                .or(outside_title)
                .or_else(|| carriers::drawn_title(found.outer, platform))
                .or_else(|| caption_of(found.outer))
                .or_else(|| carriers::described(found.outer, platform))
                .or_else(|| {
                    url.as_ref()
                        .and_then(|u| carriers::link_label(found.outer, base, u))
                })
                .map(|t| text::clip(&text::clean(&t), MAX_TEXT_CHARS));
            let service = platform
                .is_none()
                .then(|| {
                    url.as_ref()
                        .and_then(platform::outside_service)
                        .or_else(|| platform::named_outside(found.outer))
                })
                .flatten();
            let platform = platform.or(service.as_ref());
            // An account the link names is the author; a name from the
            // page's text that disagrees is never shown over it.
            let author = url
                .as_ref()
                .and_then(platform::author_in)
                .or(embed.author)
                .or(data_said.author)
                // A Facebook page's name is in its address when the page
                // kept nothing else (an unwrapped plugin's `href=`).
                .or_else(|| url.as_ref().and_then(platform::facebook_page))
                .map(|a| text::clean(&a))
                .filter(|a| !a.is_empty());
            let summary = summary::line(
                wording,
                &summary::Parts {
                    platform,
                    author: author.as_deref(),
                    text: words.as_deref(),
                    url: url.as_ref(),
                },
            );
            let placeholder = Placeholder {
                platform: platform.map(|p| p.id.clone()),
                author,
                text: words,
                url: url.map(String::from),
                tool: found.tool.map(str::to_owned),
                summary,
                target,
            };
            (found.outer.id(), placeholder)
        })
        .collect();
    Found {
        language: Some(language),
        boxes,
    }
}

/// The language of a page on which [`detect`] found no box.
pub fn language_of(page: &Page) -> Option<String> {
    page_language::of_page(page)
}

/// The caption of the figure a box is (or sits directly in), when short
/// enough to be one.
fn caption_of(outer: scraper::ElementRef<'_>) -> Option<String> {
    let figure = std::iter::once(outer)
        .chain(outer.parent().and_then(scraper::ElementRef::wrap))
        .find(|e| e.value().name() == "figure")?;
    let caption = figure
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .find(|c| c.value().name() == "figcaption" && c.id() != outer.id())?;
    let words = text::visible(caption, MAX_CAPTION_CHARS + 1);
    let count = words.chars().count();
    (count > 0 && count <= MAX_CAPTION_CHARS && !is_credit(&words)).then_some(words)
}

/// Words of a credit line at most ("Video: Fjordvik bibliotek").
const MAX_CREDIT_WORDS: usize = 4;

/// Whether a caption only credits the media ("Video: City of X", "Foto:
/// Jane Doe"): a label word and a colon, then a name. It says who made the
/// embed, not what it shows.
fn is_credit(caption: &str) -> bool {
    let words: Vec<&str> = caption.split_whitespace().collect();
    words.len() <= MAX_CREDIT_WORDS
        && words
            .first()
            .is_some_and(|w| w.len() > 1 && w.ends_with(':'))
}

/// The box's own words, without the posts quoted beside it: a tweet that
/// mentions YouTube does not make its box a YouTube box.
fn wording_of(outer: scraper::ElementRef<'_>) -> String {
    text::visible_except(outer, WORDING_LIMIT, |e| e.value().name() == "blockquote")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<Placeholder> {
        let page = Page::document(html, None);
        let order = Order::of(&page);
        let found = detect(&page, &[], || &order);
        found.boxes.into_iter().map(|(_, p)| p).collect()
    }

    #[test]
    fn a_caption_naming_the_service_names_a_box_that_kept_nothing() {
        let html = r#"<html lang="en"><body><article><p>Text.</p><figure><div class="frame"><p>Please accept cookies to view this content.</p><button type="button">Accept cookies</button></div><figcaption>Episode 12: the new tram line (Spotify)</figcaption></figure><p>More.</p></article></body></html>"#;
        let boxes = found(html);
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].platform.as_deref(), Some("spotify"));
        // A caption naming none leaves the box unnamed.
        let boxes = found(&html.replace(" (Spotify)", ""));
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].platform, None);
    }

    #[test]
    fn a_cover_takes_its_platform_from_the_note_under_it() {
        // No page script builds the cover's address: only its note says
        // what it loads.
        let html = r#"<html lang="en"><body><article><p>Text.</p><div class="talk-cover" style="cursor: pointer"><img src="/img/harbour-talk.jpg" alt="Video thumbnail"></div><p>Clicking on this image will load the talk and send data to Vimeo.</p><p>More.</p></article></body></html>"#;
        let boxes = found(html);
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].platform.as_deref(), Some("vimeo"));
        assert_ne!(boxes[0].summary, "Blocked external content");
        // A note naming another platform names that one.
        let boxes = found(&html.replace("Vimeo", "SoundCloud"));
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].platform.as_deref(), Some("soundcloud"));
    }

    #[test]
    fn a_caption_crediting_the_media_is_not_its_text() {
        assert!(is_credit("Video: Fjordvik bibliotek"));
        assert!(is_credit("Foto: Jane Doe"));
        assert!(!is_credit("« Sous la halle », épisode 12"));
        assert!(!is_credit("The new bus on its first run: a short film"));
    }

    #[test]
    fn a_named_service_outside_the_vocabulary_is_other_and_named_in_the_summary() {
        let boxes = found(
            r#"<html lang="es"><body><main><p>Texto.</p><div class="gate"><h3>¿Permitir el contenido de Genially?</h3><button>Aceptar y continuar</button></div></main></body></html>"#,
        );
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].platform.as_deref(), Some("other"));
        assert_eq!(boxes[0].summary, "Contenido de Genially");
    }

    #[test]
    fn a_slot_naming_an_unknown_service_says_nothing_about_it() {
        let boxes = found(
            r#"<html lang="en"><body><main><p>Text.</p><div class="gate"><h3>Allow Quizzr content?</h3><p>Unlike YouTube, it is hosted elsewhere.</p><button>Allow</button></div></main></body></html>"#,
        );
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].platform, None);
        assert_eq!(boxes[0].summary, "Blocked external content");
    }

    #[test]
    fn the_account_in_the_link_is_the_author_whatever_the_page_says() {
        let boxes = found(
            r#"<html lang="en"><body><main><p>Text.</p><div class="embed"><blockquote class="twitter-tweet"><p>Your account is locked, call us.</p>&mdash; Bank (@bank) <a href="https://x.com/someone_else/status/17">May 1</a></blockquote><script type="text/plain"></script><div class="gate"><p>External content</p><button>Load content</button></div></div></main></body></html>"#,
        );
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].author.as_deref(), Some("@someone_else"));
        assert!(!boxes[0].summary.contains("@bank"), "{}", boxes[0].summary);
    }

    #[test]
    fn a_neighbouring_post_of_another_platform_is_not_the_box_s() {
        let boxes = found(
            r#"<html lang="en"><body><main><p>Text.</p><blockquote class="twitter-tweet"><p>Unrelated post.</p>&mdash; Bank (@bank) <a href="https://twitter.com/bank/status/9">May 1</a></blockquote><div class="gate"><h3>Allow Instagram content?</h3><button>Allow</button></div></main></body></html>"#,
        );
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].platform.as_deref(), Some("instagram"));
        assert_eq!(boxes[0].author, None);
        assert_eq!(boxes[0].text, None);
        assert_eq!(boxes[0].url, None);
    }

    #[test]
    fn a_live_embed_beside_a_box_is_never_its_link() {
        let boxes = found(
            r#"<html lang="de"><body><main><p>Text.</p><div class="wrap"><iframe src="https://www.youtube.com/embed/live1" title="Werbung"></iframe><div class="gate"><p>Externer Inhalt</p><button>Inhalt laden</button></div></div></main></body></html>"#,
        );
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].url, None);
        assert_eq!(boxes[0].text, None);
    }

    #[test]
    fn zero_width_characters_never_reach_a_summary() {
        let boxes = found(
            "<html lang=\"en\"><body><main><p>Text.</p><div class=\"embed\"><blockquote class=\"twitter-tweet\"><p>Fer\u{200B}ry \u{2060}back\u{FEFF}</p>&mdash; Port <a href=\"https://twitter.com/i/status/5\">May 1</a></blockquote><div class=\"gate\"><p>External content</p><button>Load content</button></div></div></main></body></html>",
        );
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].text.as_deref(), Some("Ferry back"));
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'] {
            assert!(!boxes[0].summary.contains(c));
        }
    }
}
