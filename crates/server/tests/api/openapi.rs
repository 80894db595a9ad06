//! `openapi.yaml` at the repository root must be what the code generates.
//! `cargo xtask openapi` rewrites it (it runs this test with `HEARTH_WRITE_OPENAPI=1`).

use hearth_server::openapi::ApiDoc;
use utoipa::OpenApi;

#[test]
fn committed_openapi_yaml_is_current() {
    let generated = ApiDoc::openapi().to_yaml().expect("yaml");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.yaml");
    if std::env::var_os("HEARTH_WRITE_OPENAPI").is_some() {
        std::fs::write(path, &generated).expect("write openapi.yaml");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi.yaml is stale: run `cargo xtask openapi` and commit the result"
    );
}
