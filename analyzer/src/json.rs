//! The JSON form of a [`Report`] (written by hand: the shape is small and a
//! serializer would double the size of the analyzer's wasm).

use std::fmt::Write;

use crate::Report;

fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(crate) fn report(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(out, "{{\"functions\":{},\"entries\":[", report.functions);
    for (i, entry) in report.entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"name\":");
        string(&mut out, &entry.name);
        let _ = write!(
            out,
            ",\"start\":{},\"function\":{},\"verdict\":\"{}\",\"path\":[",
            entry.is_start,
            entry.function,
            entry.verdict.as_str()
        );
        strings(&mut out, &entry.path);
        out.push_str("]}");
    }
    out.push_str("],\"imports\":[");
    for (i, import) in report.imports.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"module\":");
        string(&mut out, &import.module);
        out.push_str(",\"name\":");
        string(&mut out, &import.name);
        let _ = write!(out, ",\"class\":\"{}\"}}", import.class.as_str());
    }
    out.push_str("],\"otherExports\":[");
    strings(&mut out, &report.other_exports);
    out.push_str("],\"memories\":[");
    for (i, memory) in report.memories.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"index\":{},\"initial\":{},\"maximum\":",
            memory.index, memory.initial
        );
        match memory.maximum {
            Some(max) => {
                let _ = write!(out, "{max}");
            }
            None => out.push_str("null"),
        }
        let _ = write!(
            out,
            ",\"pageSize\":{},\"shared\":{},\"memory64\":{},\"import\":",
            memory.page_size, memory.shared, memory.memory64
        );
        match &memory.import {
            Some((module, name)) => {
                out.push_str("{\"module\":");
                string(&mut out, module);
                out.push_str(",\"name\":");
                string(&mut out, name);
                out.push('}');
            }
            None => out.push_str("null"),
        }
        out.push_str(",\"exports\":[");
        strings(&mut out, &memory.exports);
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}

/// Comma-separated JSON strings (the inside of an array).
fn strings(out: &mut String, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, item);
    }
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn escapes_strings() {
        let mut out = String::new();
        string(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, "\"a\\\"b\\\\c\\nd\\u0001é\"");
    }
}
