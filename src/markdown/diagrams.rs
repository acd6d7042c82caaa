//! Mermaid diagrams drawn at build time as inline SVG (merman: Mermaid's own parser and layout
//! in Rust, with built-in font metrics, so every machine draws the same picture). No script is
//! loaded; the theme recolours the picture for dark mode.
//!
//! merman was chosen over mermaid-rs-renderer after drawing the same diagrams (flowchart,
//! sequence, state, class, ER, Gantt, pie; Chinese labels) with both: both read them all, but
//! mermaid-rs-renderer measures text with the fonts installed on the machine and keeps a font
//! cache in the user's home, so the same site would draw differently on two machines, and a build
//! would write outside its output folder.

/// A diagram that takes longer than this is surely pathological; it is shown as code.
#[cfg(feature = "diagrams")]
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// `source` as an SVG picture whose ids start with `id`; the error says why it cannot be drawn.
pub fn mermaid(source: &str, id: &str) -> Result<String, String> {
    // A diagram is text anyone may write: whatever the drawing code does with it, the build goes
    // on, with the diagram shown as code.
    let drawn = std::panic::catch_unwind(|| draw(source, id));
    drawn.unwrap_or_else(|_| Err("the diagram could not be drawn".to_owned()))
}

#[cfg(not(feature = "diagrams"))]
fn draw(_: &str, _: &str) -> Result<String, String> {
    Err("this inkstone was built without diagrams (the `diagrams` feature)".to_owned())
}

#[cfg(feature = "diagrams")]
fn draw(source: &str, id: &str) -> Result<String, String> {
    use merman::{OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest};
    let request = SvgRequest {
        options: merman::svg::SvgRenderOptions {
            diagram_id: Some(merman::svg::sanitize_svg_id(id)),
            ..Default::default()
        },
        ..Default::default()
    };
    let control = OperationControl::new().with_deadline(DEADLINE);
    let output = Renderer::new()
        .render(RenderRequest::svg(source, control, request))
        .map_err(|e| e.to_string())?;
    match output {
        RenderOutput::Svg(Some(svg)) => Ok(for_html(svg.svg())),
        _ => Err("this is not a diagram Mermaid knows".to_owned()),
    }
}

/// Mermaid's SVG made valid inside an HTML page, as the Nu checker reads it: labels' paragraphs
/// (not allowed in the `<span>` around them) become spans, empty `<rect/>`s (no size, nothing
/// drawn) go, and the picture's role is one HTML knows.
#[cfg(feature = "diagrams")]
fn for_html(svg: &str) -> String {
    svg.replace("<rect/>", "")
        .replace("<p>", "<span>")
        .replace("</p>", "</span>")
        .replacen("role=\"graphics-document document\"", "role=\"img\"", 1)
}

/// The figure a diagram is shown in.
pub fn figure(svg: &str) -> String {
    format!("<figure class=\"mermaid\">{svg}</figure>\n")
}

#[cfg(all(test, feature = "diagrams"))]
mod tests {
    use super::*;

    #[test]
    fn draws_chinese_labels_and_refuses_nonsense() {
        let svg = mermaid("flowchart TD\n  A[开始] --> B[结束]\n", "d1").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("开始") && svg.contains("结束"));
        assert!(svg.contains("d1"));
        assert!(mermaid("flowchart TD\n  A --> \n  -->> ]]\n", "d2").is_err());
        assert!(mermaid("not a diagram at all", "d3").is_err());
    }
}
