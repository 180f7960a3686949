//! Element addresses: from a parsed element to a [`Target`] the browser can
//! find again, and back.

use scraper::ElementRef;

use crate::page::Page;
use crate::plan::Target;

/// The address of `el` in `page`.
pub fn address(page: &Page, el: ElementRef<'_>) -> Target {
    let top_id = page.top().id();
    let mut path = Vec::new();
    let mut node = *el;
    loop {
        // The index among element siblings, as `Element.children` counts them.
        let index = node
            .prev_siblings()
            .filter(|n| n.value().is_element())
            .count();
        path.push(u32::try_from(index).unwrap_or(u32::MAX));
        let Some(parent) = node.parent() else { break };
        // The walk stops below the Document node (documents) or the
        // fragment's wrapper (fragments): neither has an index of its own.
        if parent.value().is_document() || (page.is_fragment && parent.id() == top_id) {
            break;
        }
        node = parent;
    }
    // A document's walk ends at the Document node above <html>: the last
    // index pushed is <html>'s own (0).
    path.reverse();
    fingerprint(el, path)
}

/// Finds the element at `target`, if it is still there and still looks the same.
pub fn resolve<'a>(page: &'a Page, target: &Target) -> Option<ElementRef<'a>> {
    let mut steps = target.path.iter();
    let first = *steps.next()?;
    let mut current = if page.is_fragment {
        nth_element_child(page.top(), first)?
    } else {
        (first == 0).then(|| page.top())?
    };
    for &index in steps {
        current = nth_element_child(current, index)?;
    }
    (fingerprint(current, Vec::new()).same_element(target)).then_some(current)
}

fn nth_element_child(el: ElementRef<'_>, index: u32) -> Option<ElementRef<'_>> {
    el.children()
        .filter_map(ElementRef::wrap)
        .nth(usize::try_from(index).ok()?)
}

fn fingerprint(el: ElementRef<'_>, path: Vec<u32>) -> Target {
    let value = el.value();
    Target {
        path,
        tag: value.name().to_owned(),
        id: value.attr("id").map(str::to_owned),
        class: value.attr("class").map(str::to_owned),
    }
}

impl Target {
    /// Whether two targets name an element of the same tag, id and class.
    fn same_element(&self, other: &Target) -> bool {
        self.tag == other.tag && self.id == other.id && self.class == other.class
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Selector;

    fn first<'a>(page: &'a Page, css: &str) -> ElementRef<'a> {
        let sel = Selector::parse(css).unwrap();
        page.html.select(&sel).next().unwrap()
    }

    #[test]
    fn document_addresses_start_at_html() {
        let page = Page::document("<p>a</p><div class=x><span id=s>b</span></div>", None);
        let t = address(&page, first(&page, "#s"));
        assert_eq!(t.path, vec![0, 1, 1, 0]);
        assert_eq!(t.tag, "span");
        assert_eq!(resolve(&page, &t).map(|e| e.value().name()), Some("span"));
    }

    #[test]
    fn fragment_addresses_start_at_the_fragment() {
        let page = Page::fragment("<div class=r><p>x</p><aside id=a></aside></div>", None);
        let t = address(&page, first(&page, "#a"));
        assert_eq!(t.path, vec![0, 1]);
        assert!(resolve(&page, &t).is_some());
    }

    #[test]
    fn resolve_refuses_an_element_that_changed() {
        let page = Page::document("<div class=a></div>", None);
        let mut t = address(&page, first(&page, "div"));
        t.class = Some("b".into());
        assert!(resolve(&page, &t).is_none());
        t.class = Some("a".into());
        t.path.push(7);
        assert!(resolve(&page, &t).is_none());
    }
}
