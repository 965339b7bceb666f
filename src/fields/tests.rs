//! Field coverage: every field of the model is loadable, settable, shown, documented and in the schema.
#[allow(unused_imports)]
use super::*;
