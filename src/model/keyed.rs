//! `keyed_enum!`: an enum whose variants are written in files and typed on the command
//! line as fixed keys (`sent_to_province`). The key of each variant is stated once, next
//! to it; serde, the JSON Schema, the key lists of flags and the did-you-mean hints all
//! read it from there.

/// Declares an enum whose variants each carry their key: `Variant = "key"`. Adds the
/// usual derives (serde with those keys, JSON Schema), `ALL`, `KEYS`, `key()` and
/// `from_key()`, which also takes the key with `-` for `_` (`sent-to-province`), the
/// spelling clap's own value enums use.
macro_rules! keyed_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $key:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize, schemars::JsonSchema,
        )]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $key)] $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every variant's key, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$($key),+];

            /// The key written in files.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key,)+
                }
            }

            /// The variant with this key (`-` accepted for `_`).
            pub fn from_key(key: &str) -> Option<$name> {
                let key = key.trim();
                Self::ALL.iter().copied().find(|v| {
                    let k = v.key();
                    k == key || (k.len() == key.len() && k.bytes().zip(key.bytes()).all(|(a, b)| a == b || (a == b'_' && b == b'-')))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

pub(crate) use keyed_enum;

#[cfg(test)]
#[allow(unreachable_pub)]
mod tests {
    keyed_enum! {
        /// A test enum.
        pub enum Colour {
            Red = "red",
            DarkBlue = "dark_blue",
        }
    }

    #[test]
    fn keys_round_trip_through_serde_and_both_spellings() {
        for c in Colour::ALL {
            let json = serde_json::to_string(c).expect("serialise");
            assert_eq!(json, format!("\"{}\"", c.key()));
            assert_eq!(serde_json::from_str::<Colour>(&json).expect("parse"), *c);
        }
        assert_eq!(Colour::from_key("dark-blue"), Some(Colour::DarkBlue));
        assert_eq!(Colour::from_key("dark_blue"), Some(Colour::DarkBlue));
        assert_eq!(Colour::from_key("darkblue"), None);
        assert_eq!(Colour::KEYS, ["red", "dark_blue"]);
    }
}
