// Which nanosecond timestamps a push body takes (Loki reads them as int64; strconv.ParseInt allows leading zeros),
// and the label set text Loki's JSON decoder would build. What Loki makes of whole bodies is tested against a
// real Loki in test/integration/push-body.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelsText, nsProblem } from '../../core/loki/pushBody';

describe('push body', () => {
  test('timestamps: digits up to int64, leading zeros allowed', () => {
    for (const ns of ['0', '1', '1795269399603580000', '9223372036854775807', '0009223372036854775807']) assert.equal(nsProblem(ns), undefined, ns);
    for (const ns of ['', '-1', '1.5e18', ' 1', '１']) assert.equal(nsProblem(ns), 'is not nanoseconds as a digit string', ns);
    for (const ns of ['9223372036854775808', '10000000000000000000', '09223372036854775808']) {
      assert.equal(nsProblem(ns), 'is past the largest timestamp Loki stores (int64 nanoseconds)', ns);
    }
  });

  test('labels: sorted by name, values quoted, a lone surrogate as UTF-8 makes it', () => {
    assert.equal(labelsText({ z: 'a "b" \\ c\n', a: 'é', m: 'x\ud800' }), '{a="é", m="x\ufffd", z="a \\"b\\" \\\\ c\\n"}');
    assert.equal(labelsText({}), '{}');
  });
});
