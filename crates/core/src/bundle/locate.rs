//! Names the place in a JSON document where a parse error happened
//! (`contacts[2].emails`), from the line and column serde_json reports.
//! A small scanner instead of a path-tracking deserializer: that would
//! compile every record's deserializer a second time into the app.

enum Frame {
    Object { key: Option<String> },
    Array { index: usize },
}

fn byte_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut l = 1;
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if l == line {
            break;
        }
        if *b == b'\n' {
            l += 1;
            start = i + 1;
        }
    }
    (start + column.saturating_sub(1)).min(bytes.len())
}

fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for f in stack {
        match f {
            Frame::Object { key: Some(k) } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Frame::Object { key: None } => {}
            Frame::Array { index } => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// The path of the value being read at serde_json's error position. For a
/// missing field the error sits at the end of the object, so `whole_object`
/// names the object rather than its last key.
pub fn path_at(bytes: &[u8], line: usize, column: usize, whole_object: bool) -> String {
    let stop = byte_offset(bytes, line, column);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    // In an object: true while the next string is a key.
    let mut want_key = false;
    while i < stop {
        match bytes[i] {
            b'{' => {
                stack.push(Frame::Object { key: None });
                want_key = true;
            }
            b'[' => {
                stack.push(Frame::Array { index: 0 });
                want_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                want_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key }) => {
                    *key = None;
                    want_key = true;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if want_key {
                    let raw = &bytes[start..i.min(bytes.len())];
                    let key =
                        serde_json::from_slice::<String>(&[b"\"", raw, b"\""].concat()).unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned());
                    if let Some(Frame::Object { key: k }) = stack.last_mut() {
                        *k = Some(key);
                    }
                    want_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if whole_object {
        if let Some(Frame::Object { key }) = stack.last_mut() {
            *key = None;
        }
    }
    render(&stack)
}
