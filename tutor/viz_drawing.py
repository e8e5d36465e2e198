"""The picture ``mx.viz.plot_network`` shows in a notebook when Graphviz's ``dot`` program is
missing: the same nodes and edges, ranked from the inputs up and drawn with matplotlib
(imported only when a drawing is asked for)."""
import io
import re

_CJK = re.compile('[\u3000-\u9fff\uff00-\uffef]')


def _ranks(names, edges):
    """Layer of each node: longest path from the top. Edges run op -> input, so an op sits
    above its inputs and data flows upwards, as in dot's layout."""
    children = {name: [] for name in names}
    indegree = dict.fromkeys(names, 0)
    for tail, head, _ in edges:
        children[tail].append(head)
        indegree[head] += 1
    rank = dict.fromkeys(names, 0)
    ready = [name for name in names if indegree[name] == 0]
    done = set()
    while len(done) < len(names):
        if not ready:  # a cycle (repeated names): break it at the first node left
            ready = [next(name for name in names if name not in done)]
        name = ready.pop(0)
        if name in done:
            continue
        done.add(name)
        for child in children[name]:
            if child not in done:
                rank[child] = max(rank[child], rank[name] + 1)
                indegree[child] -= 1
                if indegree[child] == 0:
                    ready.append(child)
    return rank


def _layout(names, edges, x_step, y_step):
    """(x, y) of each node centre: ranks top-down, each rank ordered by its parents' x."""
    rank = _ranks(names, edges)
    parents = {name: [] for name in names}
    for tail, head, _ in edges:
        parents[head].append(tail)
    pos = {}
    for r in range(max(rank.values()) + 1):
        row = [name for name in names if rank[name] == r]
        row.sort(key=lambda n: (sum(pos[p][0] for p in parents[n] if p in pos)
                                / max(1, sum(p in pos for p in parents[n]))))
        for i, name in enumerate(row):
            pos[name] = ((i - (len(row) - 1) / 2.0) * x_step, -r * y_step)
    return pos


def _label_text(label, name):
    text = name if label in (None, '\\N') else str(label)
    for escape in ('\\n', '\\l', '\\r'):
        text = text.replace(escape, '\n')
    return text.replace('\\N', name)


def _node_size(look, text):
    # Graphviz defaults 0.75 x 0.5 inch; unless fixedsize, a node grows to fit its label.
    width, height = float(look.get('width', 0.75)), float(look.get('height', 0.5))
    if str(look.get('fixedsize', 'false')).lower() != 'true':
        lines = text.split('\n')
        width = max(width, 0.075 * max(len(line) for line in lines) + 0.3)
        height = max(height, 0.17 * len(lines) + 0.2)
    return width, height


def _draw_png(nodes, edges, node_defaults, edge_defaults):
    """Boxes and arrows with the labels and colours of the DOT graph, as PNG bytes."""
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    names = list(nodes)
    for tail, head, _ in edges:  # nodes only named by an edge: graphviz's default ellipse
        names += [n for n in (tail, head) if n not in names]
    looks = {name: dict(node_defaults, **nodes.get(name, {})) for name in names}
    size = {n: _node_size(lk, _label_text(lk.get('label'), n)) for n, lk in looks.items()}
    x_step = max(w for w, _ in size.values()) + 0.4
    y_step = max(h for _, h in size.values()) + 0.5
    pos = _layout(names, edges, x_step, y_step)
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    left, right = min(xs) - x_step / 2, max(xs) + x_step / 2
    bottom, top = min(ys) - y_step / 2 - 0.3, max(ys) + y_step / 2
    fig = Figure(figsize=(right - left, top - bottom), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_axis_off()
    patches = _draw_nodes(ax, looks, size, pos)
    _draw_edges(ax, edges, edge_defaults, pos, patches)
    ax.text(left + 0.1, bottom + 0.1, "simple drawing by tutor (Graphviz's dot unavailable)",
            fontsize=7, color='grey', ha='left', va='bottom')
    buf = io.BytesIO()
    fig.savefig(buf, format='png')
    return buf.getvalue()


def _font(looks):
    """A font with Chinese glyphs when a label has Chinese (the gradient lens's in zh)."""
    if not any(_CJK.search(str(look.get('label', ''))) for look in looks.values()):
        return None
    from .fonts import cjk_font
    name = cjk_font()
    return [name, 'DejaVu Sans'] if name else None


def _draw_nodes(ax, looks, size, pos):
    from matplotlib.patches import Ellipse, Rectangle
    patches, family = {}, _font(looks)
    for name, look in looks.items():
        (w, h), (x, y) = size[name], pos[name]
        filled = 'filled' in look.get('style', '')
        face = look.get('fillcolor', look.get('color', 'lightgrey')) if filled else 'white'
        if look.get('shape', 'ellipse') in ('box', 'rect', 'rectangle', 'square'):
            patch = Rectangle((x - w / 2, y - h / 2), w, h, facecolor=face, edgecolor='black')
        else:
            patch = Ellipse((x, y), w, h, facecolor=face, edgecolor='black')
        patches[name] = ax.add_patch(patch)
        ax.text(x, y, _label_text(look.get('label'), name), ha='center', va='center',
                fontsize=9, clip_on=True, color=look.get('fontcolor', 'black'),
                **({'family': family} if family else {}))
    return patches


def _draw_edges(ax, edges, edge_defaults, pos, patches):
    from matplotlib.patches import FancyArrowPatch
    styles = {'forward': '-|>', 'back': '<|-', 'both': '<|-|>', 'none': '-'}
    for tail, head, look in edges:
        if tail == head:
            continue  # a self loop (repeated names): no room for it in this simple layout
        look = dict(edge_defaults, **look)
        # MXNet's edges run op -> input with dir=back: the arrow points from input to op.
        colour = look.get('color', 'black')
        ax.add_patch(FancyArrowPatch(pos[tail], pos[head], patchA=patches[tail],
                                     patchB=patches[head],
                                     arrowstyle=styles.get(look.get('dir'), '-|>'),
                                     mutation_scale=12, facecolor='white', edgecolor=colour,
                                     linewidth=float(look.get('penwidth', 1.0)),
                                     linestyle='--' if 'dashed' in look.get('style', '') else '-'))
        if look.get('label'):
            (x0, y0), (x1, y1) = pos[head], pos[tail]
            ax.text((x0 + x1) / 2 + 0.05, (y0 + y1) / 2, str(look['label']), fontsize=8,
                    ha='left', va='center')
