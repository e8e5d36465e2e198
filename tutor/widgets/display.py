"""How a panel shows itself in a notebook: the live widget AND a static picture of it.

A widget output stored in a notebook is only a model id; opened without the kernel that made
it (on GitHub, nbviewer, or in JupyterLab before "Run all"), the widget has nothing to draw.
So a panel's output carries three representations:

    application/vnd.jupyter.widget-view+json   the live panel (chosen while the kernel runs)
    image/png                                  a picture of the panel: controls, curves, status
    text/plain                                 one line saying what it shows

JupyterLab picks the first *safe* representation (the PNG) for outputs of a notebook it does
not trust, i.e. any notebook it did not itself execute and save; nbconvert/nbviewer drop the
widget view when the notebook holds no widget state, and show the PNG too.

The output is displayed with a display id. When a run finishes in the thread that shows the
panel (``train(block=True)``, ``wait()``, ``reset()``), the stored output is updated in place,
so a notebook executed top to bottom stores the picture of its last run.
"""
import base64

from .curves import png_size


class Displayable:
    _handles = ()

    def _mimebundle(self):
        data = dict(self.view._repr_mimebundle_() or {})
        png = self.snapshot()
        width, height = png_size(png)
        data['image/png'] = base64.b64encode(png).decode('ascii')
        data['text/plain'] = repr(self)
        return data, {'image/png': {'width': width, 'height': height}}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self._mimebundle()

    def _ipython_display_(self):
        from IPython.display import display
        data, metadata = self._mimebundle()
        handle = display(data, metadata=metadata, raw=True, display_id=True)
        if handle is not None:
            self._handles = tuple(self._handles) + (handle,)

    def _refresh_displays(self):
        """Put the current picture into every output this panel was displayed in."""
        if not self._handles:
            return
        data, metadata = self._mimebundle()
        for handle in self._handles:
            handle.update(data, metadata=metadata, raw=True)
