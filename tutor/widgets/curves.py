"""Pictures for the panels, drawn to PNG bytes with matplotlib's Agg canvas.

Why not pyplot: the panels redraw from the training thread, and pyplot keeps global state
(the current figure, the inline backend's list of figures to show). A ``Figure`` with its own
Agg canvas is private to whoever holds it, renders the same under any backend (inline,
ipympl, none), and its PNG goes into an ``ipywidgets.Image`` and into the static snapshot.
"""
import io
import threading

from .. import i18n

# matplotlib's font cache and text layout are shared by all figures: one drawing at a time.
DRAW_LOCK = threading.RLock()
DPI = 90
MAX_RUNS_DRAWN = 10        # older runs stay in panel.runs but leave the picture
MAX_LEGEND = 6


class Words:
    """The language a picture is labelled in, and a font family that can draw it.

    Chinese labels get an installed CJK font (Noto Sans CJK, ...); without one they fall
    back to English rather than draw empty boxes. The family is passed to each text
    (not set in rcParams), so drawing from a thread touches no global setting.
    """

    def __init__(self, language=None):
        lang = i18n.normalise(language) or i18n.get_language()
        self.family = None
        if lang == 'zh':
            from ..lens.plots import cjk_font
            font = cjk_font()
            if font is None:
                lang = 'en'
            else:
                self.family = [font, 'DejaVu Sans']
        self.language = lang

    def __call__(self, key, **fields):
        return i18n.text(key, self.language, **fields)

    def kw(self, **extra):
        """Keyword arguments for a text call (title, label, fig.text ...)."""
        if self.family:
            extra['fontfamily'] = self.family
        return extra

    def prop(self, size):
        """``prop`` for a legend."""
        p = {'size': size}
        if self.family:
            p['family'] = self.family
        return p


def new_figure(width, height):
    """A Figure with its own Agg canvas (no pyplot)."""
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def to_png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format='png', dpi=DPI, pil_kwargs={'compress_level': 1})  # fast
    return buf.getvalue()


def png_size(png):
    """(width, height) in pixels, read from the PNG header."""
    return int.from_bytes(png[16:20], 'big'), int.from_bytes(png[20:24], 'big')


def run_color(run):
    return 'C%d' % ((run.number - 1) % 10)


# the optimizer in run labels and status lines: MXNet's name, in every language
SHORT_NAMES = {'sgd': 'sgd', 'momentum': 'sgd m=0.9', 'nag': 'nag m=0.9', 'adam': 'adam',
               'rmsprop': 'rmsprop', 'adagrad': 'adagrad'}


def settings_text(s, t):
    """'lr 0.1, 64 hidden, batch 32, sgd' in the language of ``t`` (a key -> text function)."""
    return t('panel.settings', lr='%.3g' % s.get('learning_rate', 0),
             hidden=s.get('num_hidden', '—'), batch=s.get('batch_size', '—'),
             optimizer=SHORT_NAMES.get(s.get('optimizer'), s.get('optimizer')))


def run_label(run, words):
    return words('panel.run_label', run=run.number, settings=settings_text(run.settings, words))


def format_axes(ax_loss, ax_metric, words, metric_name=None, validation=True):
    """Titles, labels and ticks of the two curve axes (drawn once per figure)."""
    from matplotlib.ticker import MaxNLocator
    suffix = '' if validation else '_train'
    ax_loss.set_title(words('panel.plot.loss' + suffix), fontsize=10, **words.kw())
    ax_metric.set_title(words('panel.plot.acc' + suffix) if metric_name in (None, 'accuracy')
                        else metric_name, fontsize=10, **words.kw())
    for ax in (ax_loss, ax_metric):
        ax.set_xlabel(words('panel.plot.epoch'), fontsize=9, **words.kw())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)


def _clear(ax):
    for artist in list(ax.lines) + list(ax.texts):
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.autoscale(enable=True)


def plot_runs(ax_loss, ax_metric, runs, words):
    """Loss and metric per epoch for each run: train solid, validation dashed; the newest
    run bold, older ones faded (overlaid for comparison). Replaces what it drew before."""
    _clear(ax_loss)
    _clear(ax_metric)
    shown = list(runs)[-MAX_RUNS_DRAWN:]
    for i, run in enumerate(shown):
        newest = i == len(shown) - 1
        style = dict(color=run_color(run), lw=2.0 if newest else 1.2,
                     alpha=1.0 if newest else 0.5, marker='o' if len(run.epochs) <= 30 else '',
                     ms=3.5 if newest else 2.5)
        label = run_label(run, words) if len(shown) - i <= MAX_LEGEND \
            else None
        for ax, train_key, val_key in ((ax_loss, 'train_loss', 'val_loss'),
                                       (ax_metric, 'train_metric', 'val_metric')):
            xs, ys = run.series(train_key)
            ax.plot([x + 1 for x in xs], ys, ls='-', label=label, **style)
            xs, ys = run.series(val_key)
            ax.plot([x + 1 for x in xs], ys, ls='--', **style)
        if run.diverged_at is not None:
            x = run.diverged_at['epoch'] + 1
            for ax in (ax_loss, ax_metric):
                ax.axvline(x, color=run_color(run), ls=':', lw=1.2)
            ax_loss.annotate(words('panel.plot.diverged'), (x, 1),
                             xycoords=('data', 'axes fraction'), xytext=(3, -12),
                             textcoords='offset points', color=run_color(run), fontsize=8,
                             **words.kw())
    if not shown:
        ax_loss.text(0.5, 0.5, words('panel.plot.empty'), transform=ax_loss.transAxes,
                     ha='center', va='center', color='0.4', **words.kw())
        for ax in (ax_loss, ax_metric):
            ax.set_xlim(0.5, 8.5)
    for ax in (ax_loss, ax_metric):
        ax.relim()
        ax.autoscale_view()
    ax_metric.set_ylim(0, 1.02)
    ax_loss.set_ylim(bottom=0, top=None if ax_loss.has_data() and shown else 1)
    if any(ax_metric.get_legend_handles_labels()[1]):
        ax_metric.legend(loc='lower right', prop=words.prop(7), framealpha=0.8)


def draw_curves(ax_loss, ax_metric, runs, words):
    """Both steps on fresh axes (the static snapshot)."""
    metric_name = next((r.metric_name for r in reversed(list(runs)) if r.metric_name), None)
    format_axes(ax_loss, ax_metric, words, metric_name)
    plot_runs(ax_loss, ax_metric, runs, words)


class CurvesFigure:
    """The live panel's picture, kept between redraws: only the lines are replaced, so a
    redraw costs one Agg render (axes, ticks and titles are made once)."""

    def __init__(self, words, size=(8.6, 3.2)):
        self.words = words
        self.fig = new_figure(*size)
        self.ax_loss, self.ax_metric = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.06, right=0.98, bottom=0.15, top=0.9, wspace=0.18)
        format_axes(self.ax_loss, self.ax_metric, words)

    def png(self, runs):
        with DRAW_LOCK:
            plot_runs(self.ax_loss, self.ax_metric, runs, self.words)
            return to_png(self.fig)


def draw_controls(fig, rect, controls, buttons, words):
    """A flat drawing of the panel's controls in ``rect`` (figure fraction): a row of
    'label: value' boxes, then a row of buttons; boxes wrap to the next row when full."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    renderer = fig.canvas.get_renderer()
    colon = '：' if words.language == 'zh' else ': '
    rows = [[(f'{label}{colon}{value}', '#f3f3f3', '#bbbbbb') for label, value in controls],
            [(label, '#e0e8f4', '#7a9cc6') for label in buttons]]
    line = 0
    for row in rows:
        x = 0.005
        for text, face, edge in row:
            item = ax.text(x, 0, text, fontsize=8.5, va='center', ha='left',
                           bbox=dict(boxstyle='round,pad=0.35', fc=face, ec=edge),
                           **words.kw())
            width = item.get_window_extent(renderer).width / ax.bbox.width + 0.025
            if x > 0.005 and x + width > 1:       # wrap
                line, x = line + 1, 0.005
            item.set_position((x, line))
            x += width
        line += 1
    ax.set_xlim(0, 1)
    ax.set_ylim(line - 0.5, -0.5)
    return ax


def draw_footer(fig, status, note, words):
    fig.text(0.01, 0.075, status, fontsize=8.5, ha='left', va='center', wrap=True,
             **words.kw())
    fig.text(0.01, 0.025, note, fontsize=7.5, ha='left', va='center', color='0.45',
             style='italic', **words.kw())


def _glued(a, b):
    """True between two characters of one Latin word or number such as 3×128 (no line
    break there)."""
    return all(ord(c) < 0x2e80 and not c.isspace() for c in (a, b))


def wrap(text, columns):
    """Lines of at most ``columns`` columns, a Chinese character taking two. English breaks
    at spaces; Chinese (no spaces between words) between any two characters, but not inside
    a number or a Latin word."""
    def cols(s):
        return sum(2 if ord(c) >= 0x2e80 else 1 for c in s)
    out = []
    for para in str(text).split('\n'):
        cjk = any(ord(ch) >= 0x2e80 for ch in para)
        line = ''
        for ch in para:
            if cols(line + ch) > columns and line:
                if cjk:
                    cut = next((i for i in range(len(line), 0, -1)
                                if not _glued(line[i - 1], (line + ch)[i])), len(line))
                    head, line = line[:cut], line[cut:].lstrip()
                else:
                    cut = line.rfind(' ')
                    head, line = (line[:cut], line[cut + 1:]) if cut > 0 else (line, '')
                out.append(head.rstrip())
            if ch != ' ' or line:                 # no space at the start of a wrapped line
                line += ch
        out.append(line)
    return out


LINE_PX = 17            # one line of 9-point text at DPI, with its spacing


def with_text(png, above, below, words):
    """``png`` with lines of text drawn above and below it, the same width: each item of
    ``above``/``below`` is (text, bold); long texts are wrapped to the picture's width."""
    import numpy as np
    from matplotlib.image import imread
    width, height = png_size(png)
    def columns(bold):                    # a Latin letter: about 6 px, 7 px in bold
        return max(int(width / (7.4 if bold else 6.3)), 20)
    top = [(line, bold) for text, bold in above for line in wrap(text, columns(bold))]
    bottom = [(line, bold) for text, bold in below for line in wrap(text, columns(bold))]
    pad = 8
    top_px = len(top) * LINE_PX + (2 * pad if top else 0)
    bottom_px = len(bottom) * LINE_PX + (2 * pad if bottom else 0)
    total = height + top_px + bottom_px
    with DRAW_LOCK:
        fig = new_figure(width / DPI, total / DPI)
        fig.figimage(np.asarray(imread(io.BytesIO(png), format='png')), xo=0, yo=bottom_px,
                     origin='upper')
        for lines, first_px in ((top, total - pad), (bottom, bottom_px - pad)):
            for i, (line, bold) in enumerate(lines):
                y = (first_px - (i + 0.5) * LINE_PX) / total
                fig.text(6 / width, y, line, fontsize=9, va='center', ha='left',
                         weight='bold' if bold else 'normal', **words.kw())
        return to_png(fig)
