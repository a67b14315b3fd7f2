//! In-document linking beyond the gazetteer: an acronym introduced in
//! parentheses after a known entity (`Agence internationale de l’énergie
//! (AIE)`) names that entity wherever it appears in the document.

use crate::record::Entity;
use crate::text::is_word_char;

/// Longest acronym considered, in characters.
const MAX_ACRONYM: usize = 12;

/// Adds the mentions of acronyms defined right after an entity, keeping
/// `entities` sorted and disjoint.
pub(crate) fn link_acronyms(text: &str, entities: &mut Vec<Entity>) {
    let mut defined: Vec<(&str, usize)> = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        if let Some(acronym) = acronym_after(&text[e.end..]) {
            if !defined.iter().any(|(a, _)| *a == acronym) {
                defined.push((acronym, i));
            }
        }
    }
    if defined.is_empty() {
        return;
    }
    // Occurrences (start, end, defining mention) that clash with no mention.
    let mut found = Vec::new();
    for (acronym, i) in defined {
        for (start, _) in text.match_indices(acronym) {
            let end = start + acronym.len();
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
                continue;
            }
            // Mentions are sorted and disjoint: only the first one ending
            // after `start` can overlap (a scan of all of them per occurrence
            // made a long document quadratic).
            let k = entities.partition_point(|e| e.end <= start);
            if entities.get(k).is_some_and(|e| e.start < end) {
                continue;
            }
            found.push((start, end, i));
        }
    }
    found.sort_unstable();
    let mut added = Vec::new();
    let mut last_end = 0;
    for (start, end, i) in found {
        if start < last_end {
            continue; // two acronyms overlapping: the leftmost wins
        }
        last_end = end;
        let src = &entities[i];
        added.push(Entity {
            start,
            end,
            text: text[start..end].to_string(),
            kind: src.kind,
            name: src.name.clone(),
            id: src.id.clone(),
        });
    }
    if !added.is_empty() {
        entities.extend(added);
        entities.sort_by_key(|e| e.start);
    }
}

/// `ABC` when `rest` starts with ` (ABC)`: two or more capitals, digits or `&`.
fn acronym_after(rest: &str) -> Option<&str> {
    let rest = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let inner = rest.strip_prefix('(')?;
    let close = inner.find(')')?;
    let cand = &inner[..close];
    let n = cand.chars().count();
    let capitals = cand.chars().filter(|c| c.is_uppercase()).count();
    let ok = (2..=MAX_ACRONYM).contains(&n)
        && capitals >= 2
        && cand
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&' || c == '-');
    ok.then_some(cand)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::EntityKind;

    fn entity(text: &str, surface: &str) -> Entity {
        let start = text.find(surface).unwrap();
        Entity {
            start,
            end: start + surface.len(),
            text: surface.into(),
            kind: EntityKind::Organization,
            name: "International Energy Agency".into(),
            id: "organization:iea".into(),
        }
    }

    #[test]
    fn acronym_defined_after_entity_is_linked() {
        let text = "Selon l’Agence internationale de l’énergie (AIE), la demande croît. L’AIE ajoute, AIEX non.";
        let mut ents = vec![entity(text, "Agence internationale de l’énergie")];
        link_acronyms(text, &mut ents);
        let got: Vec<&str> = ents.iter().map(|e| &text[e.start..e.end]).collect();
        assert_eq!(got, ["Agence internationale de l’énergie", "AIE", "AIE"]);
        assert!(ents.iter().all(|e| e.name == "International Energy Agency"));
    }

    #[test]
    fn rows() {
        let rows = [
            ("plain", " (ISED) a", Some("ISED")),
            ("nbsp", "\u{a0}(R&D)", Some("R&D")),
            ("lowercase", " (voir plus)", None),
            ("one letter", " (A)", None),
            ("unclosed", " (ABC", None),
            ("too long", " (ABCDEFGHIJKLMN)", None),
        ];
        for (name, rest, want) in rows {
            assert_eq!(acronym_after(rest), want, "row {name}");
        }
    }
}
