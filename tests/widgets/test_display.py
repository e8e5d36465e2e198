"""What a saved notebook keeps of a panel: the widget view, a PNG picture and a text line."""
import base64

import tutor as mx
from tutor.widgets.curves import png_size
from widget_helpers import english, letters_slice, panel, png_ok  # noqa: F401 (fixtures)


def test_mimebundle_has_widget_view_picture_and_text(panel):
    data, metadata = panel._repr_mimebundle_()
    view = data['application/vnd.jupyter.widget-view+json']
    assert view['model_id'] == panel.view.model_id and view['version_major'] == 2
    png = base64.b64decode(data['image/png'])
    assert png_ok(png)
    assert metadata['image/png'] == dict(zip(('width', 'height'), png_size(png)))
    assert data['text/plain'] == '<TrainingPanel: no runs yet>'


def test_snapshot_shows_the_runs_and_changes_with_them(panel):
    empty = panel.snapshot()
    panel.train(block=True)
    trained = panel.snapshot()
    assert png_ok(trained) and trained != empty
    assert png_size(trained)[0] == png_size(empty)[0] > 700
    text = panel._repr_mimebundle_()[0]['text/plain']
    assert text == '<TrainingPanel: 1 run(s); run 1 finished, lr 0.1, 64 hidden, batch 32, sgd>'


class FakeHandle:
    def __init__(self):
        self.updates = []

    def update(self, data, metadata=None, raw=False):
        self.updates.append((data, metadata, raw))


def test_a_blocking_run_updates_the_displayed_outputs(panel):
    handle = FakeHandle()
    panel._handles = (handle,)
    panel.train(block=True)
    (data, metadata, raw), = handle.updates
    assert raw and png_ok(base64.b64decode(data['image/png']))
    assert 'application/vnd.jupyter.widget-view+json' in data
    panel.train()                       # background: the output is refreshed by wait()
    assert len(handle.updates) == 1
    panel.wait(60)
    assert len(handle.updates) == 2
    panel.reset()
    assert len(handle.updates) == 3


def test_ipython_display_registers_a_display_id(panel, monkeypatch):
    import IPython.display
    calls = []

    def fake_display(data, metadata=None, raw=False, display_id=None):
        calls.append((set(data), raw, display_id))
        return FakeHandle()

    monkeypatch.setattr(IPython.display, 'display', fake_display)
    panel._ipython_display_()
    assert calls == [({'application/vnd.jupyter.widget-view+json', 'image/png', 'text/plain'},
                      True, True)]
    assert len(panel._handles) == 1


def test_boundary_panel_has_a_picture_too():
    board = mx.widgets.BoundaryPanel('blobs', num_epoch=2)
    data, _ = board._repr_mimebundle_()
    assert png_ok(base64.b64decode(data['image/png']))
    assert 'application/vnd.jupyter.widget-view+json' in data
