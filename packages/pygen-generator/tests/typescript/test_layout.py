"""Biome's layout, reproduced: what is one line when it fits and how it breaks when it does not."""

from __future__ import annotations

from pygen_generator.backends.typescript import _layout as lay


def test_import_specifiers_sort_as_biome_sorts_them() -> None:
    names = ["equipmentFilters", "type Equipment", "EQUIPMENT_VIEW", "type EquipmentWrite", "assert"]
    assert lay.sort_names(names) == [
        "assert",
        "EQUIPMENT_VIEW",
        "type Equipment",
        "type EquipmentWrite",
        "equipmentFilters",
    ]
    assert lay.sort_names(["v10", "v9", "v1"]) == ["v1", "v9", "v10"]


def test_an_import_breaks_one_specifier_per_line_past_110_columns() -> None:
    short = lay.import_statement(["b", "a"], "./m.js")
    assert short == 'import { a, b } from "./m.js";'
    long = lay.import_statement([f"name{i:02}" for i in range(12)], "@pygen/runtime")
    assert long.splitlines()[0] == "import {"
    assert long.splitlines()[1] == "  name00,"
    assert long.splitlines()[-1] == '} from "@pygen/runtime";'


def test_object_statements_expand_when_too_long() -> None:
    entries = [("space", lay.string("s" * 40)), ("externalId", lay.string("x" * 40))]
    assert lay.statement(0, "export const A: InstanceId = ", entries[:1], ";") == (
        f'export const A: InstanceId = {{ space: "{"s" * 40}" }};',
    )
    assert lay.statement(1, "view: ", entries, ",") == (
        "  view: {",
        f'    space: "{"s" * 40}",',
        f'    externalId: "{"x" * 40}",',
        "  },",
    )


def test_keys_are_quoted_only_when_not_identifiers() -> None:
    assert lay.key("serialNumber") == "serialNumber"
    assert lay.key("my-prop") == '"my-prop"'
    assert lay.key("1st") == '"1st"'


def test_class_headings_break_their_type_arguments() -> None:
    lines = lay.generic_heading(
        "export class " + "X" * 60 + "API extends ViewAPI", ["A" * 20, "B", "C"], " {"
    )
    assert lines == (
        "export class " + "X" * 60 + "API extends ViewAPI<",
        "  " + "A" * 20 + ",",
        "  B,",
        "  C",
        "> {",
    )


def test_jsdoc_is_one_line_when_it_fits_and_wrapped_otherwise() -> None:
    assert lay.jsdoc(["short"], indent=2) == ("/** short */",)
    block = lay.jsdoc(["word " * 40, "second"], indent=2)
    assert block[0] == "/**"
    assert block[-1] == " */"
    assert " *" in block
    assert all(len("    " + line) <= lay.LINE_WIDTH for line in block)
    assert lay.jsdoc(["a */ b"], indent=0) == ("/**", " * a *\\/ b", " */")


def test_multi_line_descriptions_stay_inside_the_comment() -> None:
    assert lay.jsdoc(["first line\nsecond line"], indent=0) == (
        "/**",
        " * first line",
        " * second line",
        " */",
    )
    assert lay.jsdoc(["a\n\nb"], indent=0) == ("/**", " * a", " *", " * b", " */")
    assert lay.line_comment("a\n\nb", width=100) == ("// a", "//", "// b")


def test_strings_are_quoted_as_biome_quotes_them() -> None:
    assert lay.string("plain") == '"plain"'
    assert lay.string("it's") == '"it\'s"'
    assert lay.string('it\'s "quoted"') == "'it\\'s \"quoted\"'"
    assert lay.string("tab\tand\\") == '"tab\\tand\\\\"'


def test_aliased_imports_sort_by_their_local_name() -> None:
    names = ["fieldsFor", "type Read", "type PygenClient as RtPygenClient", "ViewAPI"]
    assert lay.sort_names(names) == ["fieldsFor", "type Read", "type PygenClient as RtPygenClient", "ViewAPI"]
