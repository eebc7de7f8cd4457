"""The answer file's name keeps a student's name readable: accents on Latin
letters go, letters of other scripts stay, only what is unsafe in a file name
is replaced (docs/answer-file.md)."""

import pytest

NAME = """([naam, klas]) => Opstage.antwoordbestand.maak({
  data: Opstage.data, omvang: "alles", leerling: { naam, klas }, antwoorden: {}, nu: new Date(2027, 2, 1, 12)
}).naam"""


@pytest.mark.parametrize(("naam", "klas", "expected"), [
    ("Zoë Müller", "3B", "op-stage_Zoe-Muller_3B_alles_2027-03-01.html"),
    ("Søren Ødegård", "4 C", "op-stage_Soren-Odegard_4-C_alles_2027-03-01.html"),
    ("Straßburg Łukasz", "3a", "op-stage_Strassburg-Lukasz_3a_alles_2027-03-01.html"),
    ("Nguyễn Thị Ánh", "3B", "op-stage_Nguyen-Thi-Anh_3B_alles_2027-03-01.html"),
    ("Анна Йованович", "3Б", "op-stage_Анна-Йованович_3Б_alles_2027-03-01.html"),
    ("محمد", "3B", "op-stage_محمد_3B_alles_2027-03-01.html"),
    ("Jan/Piet: <de\\baas>?*|\"#%", "3_B", "op-stage_Jan-Piet-de-baas_3-B_alles_2027-03-01.html"),
    ("D'Angelo (Ayla) van der Berg", "3B", "op-stage_D'Angelo-(Ayla)-van-der-Berg_3B_alles_2027-03-01.html"),
    ("  --  ", "", "op-stage_zonder-naam_zonder-klas_alles_2027-03-01.html"),
])
def test_file_names_keep_names_readable(open_page, mini_dist, naam, klas, expected):
    page, _ = open_page(mini_dist.joinpath("index.html").as_uri())
    assert page.evaluate(NAME, [naam, klas]) == expected


def test_a_long_name_is_cut_between_letters(open_page, mini_dist):
    page, _ = open_page(mini_dist.joinpath("index.html").as_uri())
    name = page.evaluate(NAME, ["😀" * 50, "3B"])
    assert name == "op-stage_" + "😀" * 40 + "_3B_alles_2027-03-01.html"
