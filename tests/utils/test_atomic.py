"""atomic: tests moved from test_cli_and_runner.py."""


def test_a_figure_is_saved_whole_in_the_format_of_its_suffix(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sklearn_teanet.utils._atomic import save_figure

    fig = plt.figure()
    save_figure(fig, tmp_path / "a.png")
    save_figure(fig, tmp_path / "a.svg")
    plt.close(fig)
    assert (tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG" and b"<svg" in (tmp_path / "a.svg").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "a.svg"]
