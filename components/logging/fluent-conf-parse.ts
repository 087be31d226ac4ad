/** A parsed `<name arg>` section of a Fluentd config: its parameters in order and its nested sections. */
export interface FluentDirective {
  name: string;
  /** The argument after the name (`<match kubernetes.**>` -> `kubernetes.**`); empty when there is none. */
  arg: string;
  /** Parameter name -> value as written (quotes kept); a repeated name keeps the last, as Fluentd does. */
  params: Record<string, string>;
  children: FluentDirective[];
  /** 1-based line of the opening tag, for messages. */
  line: number;
}

/**
 * Parses Fluentd's config syntax (sections, `key value` parameters, `#` comments) into a tree, throwing with the
 * line number on an unbalanced or mismatched section or a line that is neither. Enough to check the structure a
 * rendered fluent.conf must have; there is no Fluentd on CI machines to load it.
 */
export function parseFluentConf(text: string): FluentDirective[] {
  const root: FluentDirective = { name: "", arg: "", params: {}, children: [], line: 0 };
  const stack = [root];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    const at = `fluent.conf line ${i + 1}`;
    if (line === "" || line.startsWith("#")) return;
    const close = /^<\/([a-z_]+)>$/.exec(line);
    if (close) {
      const open = stack.pop()!;
      if (open === root || open.name !== close[1]) throw new Error(`${at}: </${close[1]}> closes ${open === root ? "nothing" : `<${open.name}> of line ${open.line}`}`);
      return;
    }
    const openTag = /^<([a-z_]+)(?:\s+([^>]+))?>$/.exec(line);
    if (openTag) {
      const d: FluentDirective = { name: openTag[1]!, arg: openTag[2]?.trim() ?? "", params: {}, children: [], line: i + 1 };
      stack.at(-1)!.children.push(d);
      stack.push(d);
      return;
    }
    const param = /^(@?[a-z_][a-z0-9_]*)(?:\s+(.*))?$/.exec(line);
    if (!param || stack.length === 1) throw new Error(`${at}: ${JSON.stringify(line)}: expected <section>, </section> or a parameter inside a section`);
    stack.at(-1)!.params[param[1]!] = param[2] ?? "";
  });
  if (stack.length > 1) throw new Error(`fluent.conf: <${stack.at(-1)!.name}> of line ${stack.at(-1)!.line} is never closed`);
  return root.children;
}
