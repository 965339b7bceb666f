//! `ocop new` over a copy of the example: a producer or product the tree already has,
//! under another id, is refused with the file that holds it; a new one is created.

use crate::harness::{Scratch, repo, snapshot, stderr};

fn example() -> Scratch {
    Scratch::of(&repo().join("examples/viet-khe"))
}

#[test]
fn a_producer_already_there_is_refused_naming_its_file() {
    let s = example();
    let before = snapshot(s.path());
    for (args, by) in [
        (vec!["--name", "Hợp tác xã Nông nghiệp An Sơn"], "cùng tên “Hợp tác xã Nông nghiệp An Sơn”"),
        (vec!["--name", "hop tac xa  NONG NGHIEP an son"], "cùng tên “Hợp tác xã Nông nghiệp An Sơn”"),
        (vec!["--name", "HTX An Sơn", "--registration-code", "0201 234 583"], "cùng mã số thuế 0201234583"),
        (vec!["--name", "HTX Nông nghiệp", "--registration-code", "0201234583"], "cùng mã số thuế 0201234583"),
    ] {
        let out = s.run(&[&["new", "producer", "--kind", "cooperative"], args.as_slice()].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("không tạo chủ thể mới: producers/htx-an-son.toml đã là chủ thể này"), "{args:?}: {err}");
        assert!(err.contains(by), "{args:?}: {err}");
    }
    let out = s.run(&["new", "product", "--name", "MẬT ONG An Sơn", "--producer", "tht-ong-an-son", "--set", "4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("không tạo sản phẩm mới: products/mat-ong-an-son.toml"), "{}", stderr(&out));
    assert_eq!(before, snapshot(s.path()), "a refused `new` wrote something");

    // Another producer with the same name as a product, or a product of the same name
    // by another producer, is new.
    let out = s.run(&["new", "producer", "--name", "HTX Đồng Tâm", "--kind", "cooperative"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = s.run(&[
        "new",
        "product",
        "--name",
        "Mật ong An Sơn",
        "--producer",
        "htx-dong-tam",
        "--set",
        "4",
        "--id",
        "mat-ong-dong-tam",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
