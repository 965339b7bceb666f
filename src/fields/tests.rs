//! Field coverage: every field of the model is loadable, settable, shown, documented and in the schema.
use super::*;
