//! Entities as aligned text rows (kind, id, name, context), as `search` and `show` print them.

use std::io::Write;

use super::Style;
use crate::model::{Dataset, EntityRef};
use crate::text;

/// On a terminal, the share of what is left beside kind and id that a name may take before it
/// is cut with `…`, so that the context stays in view; at least `MIN_NAME_COLUMNS`.
const NAME_SHARE: (usize, usize) = (3, 5);
const MIN_NAME_COLUMNS: usize = 16;

/// Writes entities as aligned rows: kind, id, name, context. Ids are never cut, so that any of
/// them can be pasted into `lotse show`; on a terminal (`style.width`) names and context are
/// cut to fit it, elsewhere nothing is.
pub fn write_entity_rows(
    dataset: &Dataset,
    entities: &[EntityRef],
    indent: &str,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let kind_columns = entities
        .iter()
        .map(|e| e.kind().name().len())
        .max()
        .unwrap_or(0);
    let id_columns = entities
        .iter()
        .map(|&e| text::width(dataset.id(e)))
        .max()
        .unwrap_or(0);
    let widest_name = entities
        .iter()
        .map(|&e| text::width(dataset.name(e)))
        .max()
        .unwrap_or(0);
    // Kind, id and name each followed by two spaces.
    let fixed = text::width(indent) + kind_columns + id_columns + 6;
    let (name_columns, context_columns) = match style.width {
        Some(width) => {
            let left = width.saturating_sub(fixed);
            // Ids are never cut: on a terminal too narrow for them, the name takes what is left.
            let share = (left * NAME_SHARE.0 / NAME_SHARE.1).max(MIN_NAME_COLUMNS.min(left));
            let name = widest_name.min(share);
            (name, left.saturating_sub(name))
        }
        None => (widest_name, usize::MAX),
    };
    for &entity in entities {
        let kind = style.kind(
            entity.kind(),
            &text::fit(entity.kind().name(), kind_columns),
        );
        let id = style.dim(&text::fit(dataset.id(entity), id_columns));
        let name = text::fit(dataset.name(entity), name_columns);
        let context = text::truncate(&dataset.context_line(entity), context_columns);
        let line = format!("{indent}{kind}  {id}  {name}  {context}");
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
