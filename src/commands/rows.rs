//! Entities as aligned text rows (kind, id, name, context), as `search` and `show` print them.

use std::io::Write;

use super::Style;
use crate::model::{Dataset, EntityRef};
use crate::text;

/// Names longer than this are cut with `…` so that the context column stays in view.
const NAME_COLUMNS: usize = 48;

/// Writes entities as aligned rows: kind, id, name, context. Ids are never cut, so that any of
/// them can be pasted into `lotse show`.
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
    let name_columns = entities
        .iter()
        .map(|&e| text::width(dataset.name(e)))
        .max()
        .unwrap_or(0)
        .min(NAME_COLUMNS);
    for &entity in entities {
        let kind = style.kind(
            entity.kind(),
            &text::fit(entity.kind().name(), kind_columns),
        );
        let id = style.dim(&text::fit(dataset.id(entity), id_columns));
        let name = text::fit(dataset.name(entity), name_columns);
        let context = dataset.context_line(entity);
        let line = format!("{indent}{kind}  {id}  {name}  {context}");
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
