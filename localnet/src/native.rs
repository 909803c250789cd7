//! Hex's programs on the embedded chain: natively compiled, registered as
//! builtins at their program ids.

pub use hex_native_runtime::redirect_program_stdout;
use hex_native_runtime::{add_native_program, anchor_entrypoint};

pub fn install_hex_programs(svm: &mut litesvm::LiteSVM) {
    add_native_program(svm, model_registry::ID, anchor_entrypoint!(model_registry));
    add_native_program(svm, license_market::ID, anchor_entrypoint!(license_market));
    add_native_program(svm, royalty_escrow::ID, anchor_entrypoint!(royalty_escrow));
}
