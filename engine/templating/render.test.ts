import { describe, expect, test } from 'vitest';
import { RenderError, renderContent, renderText, renderWebhook, templateProblem } from './render';

const scope = { customer: { first_name: '<b>Amina</b> "A&B"', city: 'Oran' } };
const content = { title: '', subject: '', body: '', html: '', link: '', templateName: '', templateParams: [] as string[] };

describe('templates are sandboxed', () => {
  // package.json sits in the working directory the tests run in: a template resolving files
  // against it (as liquidjs does by default) would put its text into the message.
  test.each([
    ["{% include 'package.json' %}", 'include'],
    ["{% render 'package.json' %}", 'render'],
    ["{% layout 'package.json' %}x", 'layout'],
    ["{% liquid\n include 'package.json'\n%}", 'include'],
    ["{% include '/etc/passwd' %}", 'include'],
  ])('%s reads no file and says why', (template, tag) => {
    expect(() => renderText('body', template, scope)).toThrow(RenderError);
    expect(() => renderText('body', template, scope)).toThrow(`{% ${tag} %} is not allowed`);
    expect(templateProblem(template)).toContain('is not allowed');
  });

  test('a runaway loop stops at the render limit instead of holding the engine', () => {
    expect(() => renderText('body', '{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}', scope)).toThrow(RenderError);
  });

  test('output and memory are bounded', () => {
    expect(() => renderText('body', "{% assign s = 'x' %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}{{ s }}", scope)).toThrow(/limit|longer than/);
    expect(templateProblem(`{{ a }}${'x'.repeat(200_000)}`)).toMatch(/limit/);
  });

  test('HTML bodies escape what placeholders output; | raw keeps trusted markup; text stays plain', () => {
    const rendered = renderContent({ ...content, html: '<p>Bonjour {{ customer.first_name }}</p>{{ "<hr>" | raw }}', body: 'Bonjour {{ customer.first_name }}' }, scope);
    expect(rendered.html).toBe('<p>Bonjour &lt;b&gt;Amina&lt;/b&gt; &#34;A&amp;B&#34;</p><hr>');
    expect(rendered.body).toBe('Bonjour <b>Amina</b> "A&B"');
  });

  test('webhook bodies get JSON string content, so a value cannot break out of its string', () => {
    const hook = renderWebhook({ url: 'https://crm.example/hook', body: '{"name":"{{ customer.first_name }}","city":"{{ customer.city }}"}' }, scope);
    expect(JSON.parse(hook.body)).toEqual({ name: '<b>Amina</b> "A&B"', city: 'Oran' });
    const injected = renderWebhook({ url: 'https://crm.example/hook', body: '{"name":"{{ n }}","admin":false}' }, { n: '","admin":true,"x":"' });
    expect(JSON.parse(injected.body)).toMatchObject({ admin: false });
  });

  test('links are http(s) only, after rendering too', () => {
    expect(() => renderContent({ ...content, link: 'javascript:alert(1)' }, scope)).toThrow('not an http(s) link');
    expect(() => renderContent({ ...content, link: '{{ l }}' }, { l: 'javascript:alert(1)' })).toThrow('not an http(s) link');
    expect(() => renderWebhook({ url: 'file:///etc/passwd', body: '' }, scope)).toThrow('not an http(s) URL');
    expect(renderContent({ ...content, link: 'https://shop.dz/c/{{ customer.city }}' }, scope).link).toBe('https://shop.dz/c/Oran');
  });
});
