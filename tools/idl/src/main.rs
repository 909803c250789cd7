//! `hex-idl <program dir>...`: prints a JSON object mapping each program's
//! directory name to its IDL, built the way `anchor idl build` builds it
//! (compiling the program's `idl-build` feature and collecting what it prints).

use {anchor_lang_idl::build::IdlBuilder, std::path::PathBuf};

fn main() {
    let program_dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if program_dirs.is_empty() {
        eprintln!("usage: hex-idl <program dir>...");
        std::process::exit(2);
    }
    let mut idls = serde_json::Map::new();
    for dir in program_dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a program directory")
            .to_string();
        // Only the library's tests print the IDL; other test targets need not run.
        let builder = IdlBuilder::new()
            .program_path(dir.clone())
            .cargo_args(vec!["--lib".into()]);
        match builder.build() {
            Ok(idl) => {
                idls.insert(name, serde_json::to_value(idl).expect("IDL serialises"));
            }
            Err(error) => {
                eprintln!("building the IDL of {} failed: {error}", dir.display());
                std::process::exit(1);
            }
        }
    }
    println!("{}", serde_json::Value::Object(idls));
}
