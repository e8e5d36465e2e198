"""Add up pytest's JUnit XML files into one closing line: `total: N passed, N failed, N skipped`.

Used by tools/test.sh after its pytest runs (unit tests and notebooks in .venv, parity in .venv-mxnet). Exits 1 when the
files hold no test at all, so a run that collected nothing can never look green.
"""
import sys
import xml.etree.ElementTree as ET


def totals(paths):
    count = {'tests': 0, 'failures': 0, 'errors': 0, 'skipped': 0}
    for path in paths:
        root = ET.parse(path).getroot()
        suites = [root] if root.tag == 'testsuite' else root.iter('testsuite')
        for suite in suites:
            for key in count:
                count[key] += int(suite.get(key, 0))
    failed = count['failures'] + count['errors']
    passed = count['tests'] - failed - count['skipped']
    return passed, failed, count['skipped']


def main(paths):
    passed, failed, skipped = totals(paths)
    print('total: %d passed, %d failed, %d skipped' % (passed, failed, skipped))
    if passed + failed == 0:
        print('no test ran: that is a failure, not a pass')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main([p for p in sys.argv[1:] if not p.endswith('*.xml')]))
