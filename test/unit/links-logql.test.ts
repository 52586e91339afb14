// LogQL built for links: values, filter text and template values never change a query's structure and always
// decode (as Loki decodes them) back to exactly the given value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LinkInputError } from '../../core/logql/build/inputError';
import { matchAny, renderLogQuery, renderSelector, textFilter } from '../../core/logql/build/logqlQuery';
import { escapeRegex, quoteLogQLString } from '../../core/logql/build/logqlString';
import { expandLogQLTemplate } from '../../core/links/logqlTemplate';
import { queryStrings, unescapeAlternatives, unescapeRegex } from '../support/grafanaLinks';
import { hostileText, nonEmptyHostileText } from '../support/hostileText';

describe('string literals', () => {
  test('plain text is double-quoted; quotes or backslashes without a backtick use backticks', () => {
    assert.equal(quoteLogQLString('run-1'), '"run-1"');
    assert.equal(quoteLogQLString('say "hi"'), '`say "hi"`');
    assert.equal(quoteLogQLString('C:\\temp'), '`C:\\temp`');
    assert.equal(quoteLogQLString('a`b"c'), '"a`b\\"c"');
    assert.equal(quoteLogQLString('a\\b\nc'), '"a\\\\b\\nc"');
  });

  test('controls, invisible format characters and line separators are escaped, other Unicode kept', () => {
    assert.equal(quoteLogQLString('\0\t\r\x7f'), '"\\u0000\\t\\r\\u007f"');
    assert.equal(quoteLogQLString('\ufeff\u200b\u2028'), '"\\ufeff\\u200b\\u2028"');
    assert.equal(quoteLogQLString('\u{e0001}'), '"\\U000e0001"');
    assert.equal(quoteLogQLString('é😀'), '"é😀"');
  });

  test('an unpaired surrogate cannot be encoded and is refused', () => {
    assert.throws(() => quoteLogQLString('a\ud800b', 'run id'), /run id contains an unpaired UTF-16 surrogate at index 1/);
  });

  test('property: any value quoted into a matcher parses and decodes back to exactly the value', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        assert.deepEqual(queryStrings(`{b="x", a=${quoteLogQLString(value)}}`)[1], { kind: 'matcher', label: 'a', op: '=', value });
      }),
      { numRuns: 2000 },
    );
  });

  test('property: an escaped regex matches exactly the literal value', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const pattern = escapeRegex(value);
        assert.equal(unescapeRegex(pattern), value);
        assert.ok(new RegExp(`^(?:${pattern})$`, 'su').test(value));
        assert.ok(!new RegExp(`^(?:${pattern})$`, 'su').test(`${value}x`));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('queries', () => {
  test('matchers, line filters and JSON label filters in Loki-friendly order', () => {
    const q = renderLogQuery({
      matchers: [{ label: 'run_id', op: '=', value: 'r1' }, matchAny('host', ['h1', 'h.2'])],
      lineFilters: [textFilter('Timeout', { caseSensitive: true })],
      jsonFilters: [{ label: 'level', op: '=~', value: 'ERROR|CRITICAL' }],
    });
    assert.equal(q, '{run_id="r1", host=~`h1|h\\.2`} |= "Timeout" | json | level=~"ERROR|CRITICAL"');
  });

  test('text search: case-insensitive by default, literal text escaped, regexes passed through', () => {
    assert.deepEqual(textFilter('a.b'), { op: '|~', text: '(?i)a\\.b' });
    assert.deepEqual(textFilter('a.b', { caseSensitive: true }), { op: '|=', text: 'a.b' });
    assert.deepEqual(textFilter('err(or)?', { regex: true }), { op: '|~', text: '(?i)err(or)?' });
    assert.deepEqual(textFilter('err(or)?', { regex: true, caseSensitive: true }), { op: '|~', text: 'err(or)?' });
  });

  test('refuses what Loki would refuse instead of emitting it', () => {
    assert.throws(() => renderLogQuery({ matchers: [{ label: 'a', op: '=', value: 'x' }], lineFilters: [{ op: '|=', text: '' }] }), /empty line filter/);
    assert.throws(() => renderSelector([{ label: 'a', op: '!=', value: 'x' }]), /at least one label matcher with a non-empty value/);
    assert.throws(() => renderSelector([{ label: 'a', op: '=', value: '' }]), LinkInputError);
    assert.throws(() => renderSelector([{ label: 'bad-name', op: '=', value: 'x' }]), /label name "bad-name" is not a valid Loki label name/);
  });

  test('property: hostile values stay values in matchers, alternations, line filters and label filters', () => {
    fc.assert(
      fc.property(nonEmptyHostileText, fc.array(hostileText, { minLength: 2, maxLength: 4 }), nonEmptyHostileText, (id, hosts, text) => {
        const unique = [...new Set(hosts)];
        fc.pre(unique.length > 1);
        const expr = renderLogQuery({
          matchers: [{ label: 'run_id', op: '=', value: id }, matchAny('host', hosts)],
          lineFilters: [{ op: '|=', text }, textFilter(text)],
          jsonFilters: [{ label: 'message', op: '!=', value: text }],
        });
        const strings = queryStrings(expr);
        assert.equal(strings.length, 5);
        assert.deepEqual(strings[0], { kind: 'matcher', label: 'run_id', op: '=', value: id });
        assert.equal(strings[1].op, '=~');
        assert.deepEqual(unescapeAlternatives(strings[1].value), unique);
        assert.deepEqual(strings[2], { kind: 'line-filter', op: '|=', value: text });
        assert.equal(strings[3].op, '|~');
        assert.equal(unescapeRegex(strings[3].value.replace(/^\(\?i\)/, '')), text);
        assert.deepEqual(strings[4], { kind: 'label-filter', label: 'message', op: '!=', value: text });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('templates', () => {
  const expand = (template: string, values: Record<string, string | undefined>, label = 'app') =>
    expandLogQLTemplate(template, 'test template', { labelNames: { label }, values });

  test('placeholders become escaped literals in regex matchers and plain literals elsewhere', () => {
    assert.equal(expand('{${label}=~"${execution}.*"}', { execution: 'a.b' }), '{app=~`a\\.b.*`}');
    assert.equal(expand('{pod="${pod}", ns="${project}-${domain}"} |= "${pod}"', { pod: 'p"1', project: 'x', domain: 'y' }), '{pod=`p"1`, ns="x-y"} |= `p"1`');
    assert.equal(expand('{a="x"} |~ "${v}$"', { v: '1+1' }), '{a="x"} |~ `1\\+1$`');
  });

  test('mistakes in a template, or a result Loki would refuse, are explained', () => {
    assert.throws(() => expand('{${label}=~"${execution}.*"}', { execution: '' }), /test template gives invalid LogQL \(line 1, column 1: every matcher in this selector also matches streams without the label.*\): \{app=~"\.\*"\}$/);
    assert.throws(() => expand('{app=~${execution}}', { execution: 'e' }), /test template is not valid LogQL \(line 1, column 7: label values must be quoted/);
    assert.throws(() => expand('{app="x"} | line_format "${execution}"', { execution: 'e' }), /placeholders are only allowed in label matchers and line filters/);
    assert.throws(() => expand('{app="${exec}"}', { execution: 'e' }), /unknown placeholder \$\{exec\}; known: \$\{execution\}/);
    assert.throws(() => expand('{app="${project}"}', { project: undefined }), /test template uses \$\{project\}, which is not known for this link/);
    assert.throws(() => expand('{${label}="x"}', {}, 'bad-label'), /test template: \$\{label\} "bad-label" is not a valid Loki label name/);
    assert.throws(() => expand('{app="x"} # ${execution}', { execution: 'e' }), /\$\{execution\} must be inside a quoted label value or line filter text/);
    assert.throws(() => expand('{app="x"} |= "', {}), /not valid LogQL/);
  });

  test('property: any value expands to a valid query holding exactly that value', () => {
    fc.assert(
      fc.property(hostileText, nonEmptyHostileText, (execution, pod) => {
        const expr = expand('{${label}=~"${execution}.*", pod="${pod}"} != "${pod}"', { execution, pod });
        const strings = queryStrings(expr);
        assert.equal(unescapeRegex(strings[0].value.replace(/\.\*$/, '')), execution);
        assert.deepEqual(strings.slice(1), [
          { kind: 'matcher', label: 'pod', op: '=', value: pod },
          { kind: 'line-filter', op: '!=', value: pod },
        ]);
      }),
      { numRuns: 1000 },
    );
  });
});
