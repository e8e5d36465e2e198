"""Experiment: a panel used as a lab bench. It asks a question, takes the learner's prediction,
runs the panel with the settings the question is about, then says what the runs show.

    exp = mx.widgets.Experiment(
        mx.widgets.TrainingPanel(learning_rate=0.1, num_epoch=4),
        question='Batch 32 or 128 at the same learning rate: which learns more per epoch?',
        choices=['batch 32', 'batch 128', 'the same'], answer=0,
        runs=[{'batch_size': 32}, {'batch_size': 128}],
        explain=lambda runs: 'validation accuracy %.3f vs %.3f' % ...)
    exp                      # question, prediction buttons, Run, the panel, the finding
    exp.run(block=True)      # what the Run button does, waiting for the end (Run all, tests)

Texts are plain strings in the notebook's language (the zh notebook passes Chinese ones),
or ``{'en': ..., 'zh': ...}``. ``explain`` may be a function of the finished runs, so the
finding quotes the numbers of the runs the learner just made. ``holds``, a function of the
runs, says whether they show the answer (``lambda runs: runs[0].last['val_metric'] >
runs[1].last['val_metric']``): when they do not (another machine, a changed setting), the
verdict says so instead of claiming the answer, and a saved notebook shows it.
"""
import html
import threading

from .. import i18n
from .curves import with_text
from .display import Displayable

i18n.add_messages({
    'exp.predict': {'en': 'Your prediction:', 'zh': '你的预测：'},
    'exp.run': {'en': 'Run the experiment', 'zh': '运行实验'},
    'exp.choose_first': {'en': 'Choose a prediction first: what do you expect, and why?',
                         'zh': '先选一个预测：你预计会怎样？为什么？'},
    'exp.running': {'en': 'Running {count} runs: {runs}…', 'zh': '正在进行 {count} 次训练：{runs}……'},
    'exp.match': {'en': '✓ Your prediction ({choice}) is what the runs show.',
                  'zh': '✓ 你的预测（{choice}）和训练结果一致。'},
    'exp.no_match': {'en': '✗ You predicted “{choice}”; the runs show “{answer}”.',
                     'zh': '✗ 你预测的是“{choice}”，训练结果却是“{answer}”。'},
    'exp.no_prediction': {'en': 'The runs show “{answer}”.', 'zh': '训练结果是“{answer}”。'},
    'exp.finding': {'en': 'What the runs show', 'zh': '训练结果说明了什么'},
    'exp.explain_failed': {'en': 'The runs finished, but the finding could not be written: '
                                 '{error}',
                           'zh': '训练都结束了，但结论没能写出来：{error}'},
    'exp.not_shown': {'en': '✗ These runs do not show “{answer}”, the answer the chapter '
                            'expects: read their numbers below (a changed setting?).',
                      'zh': '✗ 这几次训练没有得出本章预期的结果“{answer}”：请看下面的数字'
                            '（是不是改动了设置？）。'},
    'exp.failed': {'en': 'A run did not finish ({status}); the finding needs every run.',
                   'zh': '有一次训练没有正常结束（{status}）；要得出结论，每次训练都得跑完。'},
})


class Experiment(Displayable):
    """question, choices, answer (index of the right choice, or None for an open question),
    runs (a list of settings for ``panel.train``, applied in order), explain (text, or a
    function of the experiment's runs returning text), holds (a function of the runs: do
    they show the answer?)."""

    def __init__(self, panel, question, choices, runs, explain, answer=None, language=None,
                 reset=True, holds=None):
        import ipywidgets as w
        self.panel = panel
        self.language = i18n.normalise(language) or panel.language
        self.question = self._text(question)
        self.choices = [self._text(c) for c in choices]
        self.answer = answer
        self.plan = [dict(s) for s in runs]
        self.explain = explain
        self.holds = holds
        self.shown = None          # holds(runs) after the latest go (None: not checked)
        self.reset_first = reset
        self.runs = []             # the Run objects this experiment made (latest go)
        self.finding = None        # the text shown after the runs
        self._thread = None
        # width 'auto': a long choice stays on one line instead of wrapping over the next
        self.prediction = w.RadioButtons(options=[(c, i) for i, c in enumerate(self.choices)],
                                         value=None, description=self.t('exp.predict'),
                                         style={'description_width': 'initial'},
                                         layout=w.Layout(width='auto'))
        self.prediction.add_class('tutor-prediction')
        self.run_button = w.Button(description=self.t('exp.run'), button_style='success',
                                   icon='flask', layout=w.Layout(width='auto'))  # no '…'
        self.run_button.add_class('tutor-experiment-run')
        self.run_button.on_click(lambda _: self.run())
        self.result = w.HTML(value='')
        self.result.add_class('tutor-finding')
        self.view = w.VBox([w.HTML('<b>%s</b>' % html.escape(self.question)), self.prediction,
                            w.HBox([self.run_button]), panel.view, self.result])
        self.view.add_class('tutor-experiment')

    def t(self, key, **fields):
        return i18n.text(key, self.language, **fields)

    def _text(self, text):
        if isinstance(text, dict):
            return text.get(self.language) or text['en']
        return str(text)

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def run(self, block=False):
        """Train the planned runs one after the other on the panel, then show the finding.
        The Run button does this in the background; ``block=True`` waits (Run all, tests)."""
        if self.running:
            return self
        if self.reset_first:
            self.panel.reset()
        self.runs, self.finding, self.shown = [], None, None
        self.run_button.disabled = True
        texts = [self.panel._settings_text(dict(self.panel.settings(), **s)) for s in self.plan]
        self.result.value = html.escape(self.t('exp.running', count=len(self.plan),
                                               runs=' | '.join(texts)))
        if block:
            self._go(block=True)
            self._refresh_displays()
        else:
            self._thread = threading.Thread(target=self._go, daemon=True,
                                            name='tutor-experiment')
            self._thread.start()
        return self

    def wait(self, timeout=None):
        if self._thread is not None:
            self._thread.join(timeout)
            if not self._thread.is_alive():
                self._refresh_displays()
        return self

    def _go(self, block=False):
        try:
            for settings in self.plan:
                run = self.panel.train(block=block, **settings)
                if not block:
                    self.panel._thread.join()
                self.runs.append(run)
            self.finding = self._finding()
            self.result.value = self._finding_html()
        finally:
            self.run_button.disabled = False

    def _finding(self):
        bad = [r for r in self.runs if r.status not in ('finished', 'diverged')]
        if bad:
            return self.t('exp.failed', status=bad[0].status)
        try:
            text = self.explain(self.runs) if callable(self.explain) else self.explain
            self.shown = bool(self.holds(self.runs)) if self.holds is not None else None
        except Exception as exc:                  # the panel says it; no traceback in a thread
            return self.t('exp.explain_failed', error='%s: %s' % (type(exc).__name__, exc))
        return self._text(text)

    def verdict(self):
        """How the prediction compares with the answer (a sentence), or '' for open ones."""
        if self.answer is None:
            return ''
        answer = self.choices[self.answer]
        if self.shown is False:
            return self.t('exp.not_shown', answer=answer)
        choice = self.prediction.value
        if choice is None:
            return self.t('exp.no_prediction', answer=answer)
        if choice == self.answer:
            return self.t('exp.match', choice=self.choices[choice])
        return self.t('exp.no_match', choice=self.choices[choice], answer=answer)

    def _colon(self):
        return '：' if self.language == 'zh' else ': '

    def _finding_html(self):
        parts = [v for v in (self.verdict(),) if v]
        parts.append('<b>%s</b>%s' % (html.escape(self.t('exp.finding') + self._colon()),
                                      html.escape(self.finding or '')))
        return '<div style="max-width:780px">%s</div>' % '<br>'.join(
            p if p.startswith('<b>') else html.escape(p) for p in parts)

    # --- showing without a kernel: a picture of it all, and the finding as text ---------------
    def snapshot(self):
        """A PNG of the experiment: the question and the choices, the panel's picture, and
        the verdict and finding once the runs are done (a saved notebook shows it)."""
        png = self.panel.snapshot()
        words = self.panel.words
        if words.language != self.language:      # no font for Chinese: the panel alone
            return png
        above = [(self.question, True)] + [('%s. %s' % ('ABCDEFGH'[i], c), False)
                                           for i, c in enumerate(self.choices[:8])]
        below = []
        if self.finding:
            below = [(v, False) for v in (self.verdict(),) if v]
            below.append((self.t('exp.finding') + self._colon() + self.finding, False))
        return with_text(png, above, below, words)

    def __repr__(self):
        lines = [self.question]
        if self.finding:
            lines += [v for v in (self.verdict(),) if v]
            lines.append(self.t('exp.finding') + self._colon() + self.finding)
        return '\n'.join(lines)
