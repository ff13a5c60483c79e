//! The formats `quire validate` writes.

pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod sarif;
