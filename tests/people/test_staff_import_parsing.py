"""Reading a staff CSV: encodings, delimiters, the header, and each row's own checks.

No database: these are the rules a file must meet before any person is looked up.
"""

from datetime import date

import pytest
from django.utils import translation

from lms.people.staff_import import StaffImportFileError, staff_csv_decode, staff_csv_parse
from tests.people.test_staff_import import HEADER, staff_csv


@pytest.fixture(autouse=True)
def _in_english():
    # The reasons are checked word for word; another test's request may leave a language on.
    with translation.override("en"):
        yield


def only_row(content: str):
    [row] = staff_csv_parse(content)
    return row


# --- Encoding


def test_utf8_with_a_byte_order_mark_reads_like_without():
    text = staff_csv("jana@alder.example,,Jana Kováčová,ba-01,,,,")
    with_bom = staff_csv_decode("\ufeff".encode() + text.encode())
    assert staff_csv_decode(text.encode()) == text
    assert with_bom == text
    assert only_row(with_bom).full_name == "Jana Kováčová"


def test_a_windows_1250_file_is_refused_with_how_to_save_it_as_utf8():
    raw = staff_csv("jana@alder.example,,Jana Kováčová,ke-01,,,,").encode("cp1250")
    with pytest.raises(StaffImportFileError, match="not UTF-8") as caught:
        staff_csv_decode(raw)
    assert "CSV UTF-8" in caught.value.messages[0]


def test_a_utf16_file_is_refused():
    raw = staff_csv("aigul@alder.example,,Aigul,fr-01,,,,").encode("utf-16-le")
    with pytest.raises(StaffImportFileError, match="not UTF-8"):
        staff_csv_decode(raw)


def test_an_empty_file_is_refused():
    with pytest.raises(StaffImportFileError, match="empty"):
        staff_csv_decode(b"  \n")


# --- Header and delimiter


def test_semicolon_separated_file_is_read():
    content = (
        "email;employee_number;full_name;store_code\n"
        "nurlan@alder.example;FR-7;Nurlan Asanov;fr-01\n"
    )
    row = only_row(content)
    assert (row.email, row.employee_number, row.store_code) == (
        "nurlan@alder.example",
        "FR-7",
        "fr-01",
    )


def test_header_names_ignore_case_spaces_and_hyphens():
    content = (
        " E-mail , Employee Number,FULL NAME,Store code\njan@alder.example,BA-9,Ján Novák,ba-01\n"
    )
    row = only_row(content)
    assert (row.email, row.employee_number, row.full_name) == (
        "jan@alder.example",
        "BA-9",
        "Ján Novák",
    )


def test_a_value_with_a_comma_in_quotes_stays_one_value():
    row = only_row('full_name,store_code,employee_number\n"Novák, Ján",ba-01,BA-1\n')
    assert row.full_name == "Novák, Ján"
    assert row.errors == []


def test_unknown_columns_are_ignored():
    row = only_row(
        "full_name,store_code,email,department\nJán Novák,ba-01,jan@alder.example,Shoes\n"
    )
    assert row.errors == []


def test_a_missing_required_column_is_a_file_error_naming_it():
    with pytest.raises(StaffImportFileError, match="“store_code”"):
        staff_csv_parse("email,full_name\njan@alder.example,Ján Novák\n")


def test_a_file_with_neither_email_nor_employee_number_column_is_a_file_error():
    with pytest.raises(StaffImportFileError, match="email / employee_number"):
        staff_csv_parse("full_name,store_code\nJán Novák,ba-01\n")


def test_a_column_named_twice_is_a_file_error():
    with pytest.raises(StaffImportFileError, match="“email” appears twice"):
        staff_csv_parse("email,full_name,store_code,E-mail\na@b.sk,A,ba-01,c@d.sk\n")


def test_a_header_without_rows_is_a_file_error():
    with pytest.raises(StaffImportFileError, match="no people"):
        staff_csv_parse(HEADER + "\n,,,,,,,\n\n")


def test_line_numbers_are_those_of_the_file_with_blank_lines_skipped():
    content = (
        "full_name,store_code,employee_number\n"
        "Ján Novák,ba-01,BA-1\n"
        "\n"
        '"Eva\nNováková",ba-01,BA-2\n'
        ",,\n"
        "Peter Horváth,ba-01,BA-3\n"
    )
    rows = staff_csv_parse(content)
    assert [(row.line, row.employee_number) for row in rows] == [
        (2, "BA-1"),
        (4, "BA-2"),
        (7, "BA-3"),
    ]


# --- Each row on its own


def test_a_full_row_is_cleaned():
    row = only_row(
        staff_csv("  Jana.K@Alder.EXAMPLE ,BA-0101,Jana   Kováčová,ba-01,Cashier,2026-02-01,SK,no")
    )
    assert row.email == "jana.k@alder.example"
    assert row.employee_number == "BA-0101"
    assert row.full_name == "Jana Kováčová"
    assert row.job_role == "Cashier"
    assert row.hire_date == date(2026, 2, 1)
    assert row.language == "sk"
    assert row.active is False
    assert row.errors == []


def test_names_with_decomposed_accents_are_stored_composed():
    decomposed = "Jana Kova\u0301c\u030cova\u0301"
    assert only_row(staff_csv(f"jana@alder.example,,{decomposed},ba-01,,,,")).full_name == (
        "Jana Kováčová"
    )


@pytest.mark.parametrize(
    ("value", "active"),
    [
        ("", True),
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("n", False),
        ("0", False),
    ],
)
def test_active_accepts_yes_no_true_false_one_zero_and_blank_means_yes(value, active):
    assert only_row(staff_csv(f"jan@alder.example,,Ján Novák,ba-01,,,,{value}")).active is active


def test_without_an_active_column_the_state_is_left_alone():
    row = only_row("email,full_name,store_code\njan@alder.example,Ján Novák,ba-01\n")
    assert row.active is None


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("not-an-address,,Ján Novák,ba-01,,,,", "“not-an-address” is not a valid e-mail address."),
        (",,Ján Novák,ba-01,,,,", "Give an e-mail, an employee number, or both."),
        ("jan@alder.example,,,ba-01,,,,", "The full name is missing."),
        ("jan@alder.example,,Ján Novák,,,,,", "The store code is missing."),
        (
            "jan@alder.example,,Ján Novák,ba-01,,01.03.2026,,",
            "The hire date “01.03.2026” is not a date written YYYY-MM-DD, e.g. 2026-03-01.",
        ),
        (
            "jan@alder.example,,Ján Novák,ba-01,,2026-02-30,,",
            "The hire date “2026-02-30” is not a date written YYYY-MM-DD, e.g. 2026-03-01.",
        ),
        (
            "jan@alder.example,,Ján Novák,ba-01,,,de,",
            "The language “de” is not offered; use one of en, ru, sk, ro, ky.",
        ),
        (
            "jan@alder.example,,Ján Novák,ba-01,,,,maybe",
            "“maybe” in the column active is not yes or no (or true/false, 1/0, y/n).",
        ),
    ],
)
def test_a_bad_value_makes_the_row_an_error_with_the_reason(cells, message):
    assert only_row(staff_csv(cells)).errors == [message]


def test_more_values_than_columns_is_an_error_suggesting_quotes():
    row = only_row("full_name,store_code,employee_number\nNovák, Ján,ba-01,BA-1\n")
    assert "put quotes around" in row.errors[0]


# --- Rows against each other


def test_the_same_email_twice_ignoring_case_makes_both_rows_errors_naming_the_other_line():
    first, other, second = staff_csv_parse(
        staff_csv(
            "jan@alder.example,,Ján Novák,ba-01,,,,",
            "eva@alder.example,,Eva Nováková,ba-01,,,,",
            "JAN@alder.example,,Ján Novák ml.,ke-01,,,,",
        )
    )
    assert first.errors == ["Duplicate in the file: line 4 has the same e-mail."]
    assert second.errors == ["Duplicate in the file: line 2 has the same e-mail."]
    assert other.errors == []


def test_the_same_employee_number_twice_makes_both_rows_errors():
    first, second = staff_csv_parse(
        staff_csv(",FR-0042,Aigul Osmonova,fr-01,,,,", ",FR-0042,Aibek Osmonov,os-01,,,,")
    )
    assert first.errors == ["Duplicate in the file: line 3 has the same employee number."]
    assert second.errors == ["Duplicate in the file: line 2 has the same employee number."]
