# Independent JUnit XML reader for junit.test.ts: Python xml.etree parses the writer output (well-formedness + values).
import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
out = []
for suite in root.iter('testsuite'):
    cases = []
    for c in suite.iter('testcase'):
        f = c.find('failure')
        cases.append({'classname': c.get('classname'), 'name': c.get('name'), 'failure': None if f is None else {'message': f.get('message'), 'type': f.get('type'), 'body': f.text}})
    out.append({'name': suite.get('name'), 'tests': suite.get('tests'), 'failures': suite.get('failures'), 'cases': cases})
print(json.dumps({'tests': root.get('tests'), 'failures': root.get('failures'), 'suites': out}))
