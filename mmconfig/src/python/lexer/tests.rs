use std::path::Path;
use std::sync::Arc;

use super::*;

fn lex(text: &str) -> Result<Vec<Tok>, String> {
    let lines = LineIndex::new(Arc::from(Path::new("t.py")), text);
    tokenize(text, &lines, &Limits::default())
        .map(|tokens| tokens.into_iter().map(|t| t.tok).collect())
        .map_err(|e| e.to_string())
}

fn name(s: &str) -> Tok {
    Tok::Name(s.into())
}

#[test]
fn numbers() {
    assert_eq!(
        lex("a = 1_000 0x1F 0o17 0b101 1e-4 .5 1. 2.5E+3 0 00").unwrap(),
        vec![
            name("a"),
            Tok::Op("="),
            Tok::Int(1000),
            Tok::Int(31),
            Tok::Int(15),
            Tok::Int(5),
            Tok::Float(1e-4),
            Tok::Float(0.5),
            Tok::Float(1.0),
            Tok::Float(2500.0),
            Tok::Int(0),
            Tok::Int(0),
            Tok::Newline,
            Tok::Eof
        ]
    );
    assert_eq!(
        lex("18446744073709551615").unwrap()[0],
        Tok::Int(18446744073709551615)
    );
}

#[test]
fn bad_numbers_name_their_position() {
    assert_eq!(
        lex("x = 18446744073709551616").unwrap_err(),
        "t.py:1:5: integer literal `18446744073709551616` does not fit 64 bits"
    );
    assert!(
        lex("x = 1e999")
            .unwrap_err()
            .starts_with("t.py:1:5: float literal `1e999` is out of range")
    );
    assert!(lex("x = 012").unwrap_err().contains("leading zeros"));
    assert!(
        lex("x = 1__0")
            .unwrap_err()
            .contains("invalid number literal")
    );
    assert!(
        lex("x = 3j")
            .unwrap_err()
            .contains("a complex number literal cannot be used")
    );
}

#[test]
fn strings_and_escapes() {
    let toks = lex(r#"s = 'a\'b' "c\n\x41\u00e9\101" r'\d' '''x
y''' "\q""#)
    .unwrap();
    assert_eq!(
        toks[2..7],
        [
            Tok::Str("a'b".into()),
            Tok::Str("c\nAéA".into()),
            Tok::Str("\\d".into()),
            Tok::Str("x\ny".into()),
            Tok::Str("\\q".into()),
        ]
    );
}

#[test]
fn f_strings_mark_their_fields_and_bytes_are_unsupported() {
    assert_eq!(
        lex("x = f'a{{{b!r}}}{c[0]}'").unwrap()[2],
        Tok::FStr(vec![
            FPiece::Text("a{".into()),
            FPiece::Field {
                start: 10,
                end: 11,
                repr: true
            },
            FPiece::Text("}".into()),
            FPiece::Field {
                start: 17,
                end: 21,
                repr: false
            },
        ])
    );
    assert_eq!(
        lex("x = f'{}'").unwrap_err(),
        "t.py:1:7: syntax error: f-string: empty expression not allowed"
    );
    assert!(
        lex("x = f'a}'")
            .unwrap_err()
            .contains("single `}` is not allowed")
    );
    assert!(lex("x = b'a'").unwrap_err().contains("a bytes literal"));
}

#[test]
fn lines_join_inside_brackets_and_after_backslash() {
    let toks = lex("a = [1,\n  2]  # c\n\nb = 1 + \\\n 2\n").unwrap();
    let newlines = toks.iter().filter(|t| **t == Tok::Newline).count();
    assert_eq!(newlines, 2);
}

#[test]
fn indented_lines_are_marked_but_blank_indented_lines_are_not() {
    assert!(
        !lex("a = 1\n   \n  # comment\nb = 2")
            .unwrap()
            .contains(&Tok::Indent)
    );
    let toks = lex("a = 1\n  b = 2").unwrap();
    assert_eq!(toks[4..6], [Tok::Indent, name("b")]);
}

#[test]
fn unterminated_things_are_errors() {
    assert!(lex("a = 'abc").unwrap_err().contains("unterminated string"));
    assert!(
        lex("a = [1, 2")
            .unwrap_err()
            .contains("bracket is not closed")
    );
    assert!(lex("a = 1)").unwrap_err().contains("unmatched `)`"));
    assert!(
        lex("a = $")
            .unwrap_err()
            .contains("unexpected character `$`")
    );
}

#[test]
fn limits_are_enforced() {
    let lines = LineIndex::new(Arc::from(Path::new("t.py")), "");
    let limits = Limits {
        max_tokens: 3,
        max_depth: 2,
        max_string_len: 4,
        ..Limits::default()
    };
    let run = |text: &str| tokenize(text, &lines, &limits).unwrap_err().to_string();
    assert!(run("a = 1 + 2").contains("the number of tokens exceeds the limit of 3"));
    assert!(run("[[[").contains("bracket nesting depth exceeds the limit of 2"));
    assert!(run("'abcdefgh'").contains("string length exceeds the limit of 4"));
}
