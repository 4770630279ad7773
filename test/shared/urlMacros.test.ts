import { describe, expect, it } from 'vitest';
import { checkUrlTemplate, listMacros, renderUrlTemplate } from '../../shared/urlMacros.ts';

const at = Date.UTC(2024, 0, 31, 9, 15, 42, 789);

describe('URL macros', () => {
  it.each([
    ["/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'", "/hubs/crm/accounts?where=Comp_UpdatedDate>'2024-01-31T09:15:42Z'"],
    ['/x?since=${date:yyyy-MM-dd HH:mm}', '/x?since=2024-01-31 09:15'],
    ['/x?since=${date}', '/x?since=2024-01-31T09:15:42Z'],
    ['/x?since=${dateTimeZone:PST:yyyy-MM-dd HH:mm:ss}', '/x?since=2024-01-31 01:15:42'],
    ['/x?since=${dateTimeZone:-8:00:yyyy-MM-dd HH:mm:ss}', '/x?since=2024-01-31 01:15:42'],
    ['/x?since=${dateTimeZone:America/Denver:HH:mm}', '/x?since=02:15'],
    ['/x?since=${dateTimeZone:+05:30:HH:mm}', '/x?since=14:45'],
    ['/x?t=${epoch}', `/x?t=${at}`],
    ['/x?t=${epoch:ms}', `/x?t=${at}`],
    ['/x?t=${epoch:s}', '/x?t=1706692542'],
    ['/x?t=${epoch:us}', `/x?t=${at}000`],
    ['/x?t=${milliseconds}', `/x?t=${at}`],
    ["/x?where=a>'${gmtDate:yyyy-MM-dd}' and b<'${gmtDate:HH}'", "/x?where=a>'2024-01-31' and b<'09'"],
    ['/plain/path', '/plain/path'],
  ])('renders %s', (template, expected) => {
    expect(renderUrlTemplate(template, at)).toBe(expected);
  });

  it('encodes filled values when asked, leaving the template text alone', () => {
    expect(renderUrlTemplate('/x?since=${dateTimeZone:+05:30:HH:mmXXX}&a=b c', at, { encode: encodeURIComponent })).toBe('/x?since=14%3A45%2B05%3A30&a=b c');
  });

  it.each([
    ['/x?t=${now}', 'unknown macro ${now}'],
    ['/x?t=${gmtDate}', 'needs a date pattern'],
    ['/x?t=${gmtDate:yyyy-QQ}', "unknown pattern letter 'Q'"],
    ['/x?t=${epoch:min}', 'unknown epoch unit "min"'],
    ['/x?t=${dateTimeZone:Mars/Base:HH}', 'Mars/Base'],
    ['/x?t=${gmtDate:yyyy', 'unterminated macro starting "${gmtDate:yyyy": add the closing "}"'],
    // The "}" is there, after a quote left open: the quote is the mistake.
    ["/x?where=d>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z}'", `the date pattern of \${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z} opens a quote (') that is never closed, so its "}" reads as quoted text`],
    ['/x?t=${milliseconds:s}', 'unknown macro'],
  ])('rejects %s', (template, message) => {
    expect(checkUrlTemplate(template)).toContain(message);
  });

  it('lists the macros a template uses', () => {
    expect(listMacros("/a?w=${gmtDate:yyyy}&t=${epoch:s}")).toEqual([
      { kind: 'date', zone: 'GMT', pattern: 'yyyy' },
      { kind: 'epoch', unit: 's' },
    ]);
  });
});
