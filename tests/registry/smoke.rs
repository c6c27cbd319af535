use registry_core::BACKBONES;
use serde_json::json;

#[test]
fn builds_by_name_and_alias() {
    let backbone = BACKBONES
        .build(&json!({"type": "Toy", "channels": 4}))
        .unwrap();
    assert_eq!(backbone.out_channels(), vec![4]);
    assert_eq!(burn::module::Module::num_params(&backbone), 1);
    let err = BACKBONES.build(&json!({"type": "ToyBackbon"})).unwrap_err();
    println!("{err}");
    let err = BACKBONES
        .build(&json!({"type": "Toy", "chanels": 3}))
        .unwrap_err();
    println!("{err}");
    let err = BACKBONES
        .build(&json!({"type": "Toy", "channels": "x"}))
        .unwrap_err();
    println!("{err}");
    let err = BACKBONES
        .build(&json!({"type": "Toy", "channels": 0}))
        .unwrap_err();
    println!("{err}");
    println!("{:?}", BACKBONES.get("Toy"));
}
use registry_core::burn;
