fn main() {
    console_error_panic_hook_lite();
    leptos::mount::mount_to_body(vizitka::ui::App);
}

/// Panics reach the console (and so the e2e "no console errors" check).
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Vizitka crashed: {info}").into());
    }));
}
