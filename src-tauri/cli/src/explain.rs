//! `quire explain CODE` and `quire rules`.

use quire_core::{rule_doc, rules};

/// Prints the documentation of one rule.
pub(crate) fn explain(code: &str) -> Result<u8, String> {
    let doc = rule_doc(code).ok_or_else(|| format!("no rule is called `{code}`; `quire rules` lists them"))?;
    println!("{}", doc.explanation.trim_end());
    println!();
    println!("Default severity: {}", doc.default_severity.as_str());
    Ok(0)
}

/// Prints every code, its default severity and summary, aligned.
pub(crate) fn list() -> Result<u8, String> {
    let all = rules();
    let width = all.iter().map(|doc| doc.code.len()).max().unwrap_or(0);
    for doc in all {
        println!("{:width$}  {:7}  {}", doc.code, doc.default_severity.as_str(), doc.summary);
    }
    Ok(0)
}
