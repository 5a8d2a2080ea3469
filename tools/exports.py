#!/usr/bin/env python3
"""Export tooling for hinternet's wininet.dll / winhttp.dll (stdlib only).

The export lists live in spec/wininet.spec and spec/winhttp.spec, written in
Wine's .spec syntax:

    ORDINAL CALLCONV [FLAGS] NAME([ARGS]) [TARGET]

    ORDINAL   a number, or "@" (assigned here: after the highest explicit
              ordinal of the file, in file order, counting the entries of
              every architecture so that a name has the same ordinal on
              i686 and x86_64).
    CALLCONV  stdcall | cdecl | varargs
    ARGS      long ptr str wstr int64 double float. On i686 every type is
              4 bytes except int64/double (8 bytes); for stdcall the sum is
              the "@N" of the decorated symbol.
    TARGET    optional: the export is an alias of another function (another
              spec entry or an implemented function) with the same argument
              list, e.g. "@ stdcall InternetDial(...) InternetDialA".
    FLAGS     Wine's:  -noname -private -arch=LIST -ret64
              ours:    -returns-error    the function returns a Win32 error
                                         code (stub: ERROR_CALL_NOT_IMPLEMENTED)
                       -returns-void     the function returns nothing
                       -returns-hresult  the function returns an HRESULT
                                         (stub: E_NOTIMPL)
                       -internal         Windows keeps the export for its own
                                         components (see "Internal" below)
              Anything else makes the stub return 0 (FALSE / NULL).

Subcommands
-----------
  def       --spec S --arch {i686,x86_64} --out F.def [--dll NAME]
  stubs     --spec S --out F.cpp --sources SRC...
  coverage  --dll SPEC SRC... [--dll SPEC SRC...]
  readme    --readme README.md --dll SPEC SRC... [--dll ...]
  msgtable  --windmc PROG --mc X.mc --outdir DIR   (-> X_msg.rc + .bin)
  selftest  [--spec-dir DIR] [--deep]

"Implemented" (stubs, coverage, readme): a source file (or every C/C++ file
under a directory given instead of a file) contains a *definition* of the
function. After removing comments, a definition is a match of

    IMPLEMENTED_RE = (WINAPI|WINAPIV|APIENTRY|CALLBACK|STDAPICALLTYPE|
                      __stdcall|__cdecl|CDECL|STDAPI|STDAPI_(type))
                     <whitespace> NAME <whitespace>* "("

whose parenthesised parameter list is followed by "{" before any ";"
(so prototypes in headers do not count). Example:
    extern "C" HINTERNET WINAPI InternetOpenA(LPCSTR agent, ...) {

"Internal" (coverage, readme): an export marked -internal that a source
file defines. Such a function is one Windows keeps for its own components
(services, connection manager, ...) whose contract is private; it counts
neither as implemented nor as a stub: it is defined on purpose to fail for
an outside caller the way Windows would (ERROR_NOT_SUPPORTED or the like,
after the checks a public caller can rely on). The coverage table gives
these their own column. An -internal export that no source defines is
still a stub, and counted as one.

The .def / import library mechanism (GNU ld, binutils 2.40)
-----------------------------------------------------------
The .def made by "def --arch i686" names every stdcall export with its
decoration ("InternetOpenA@20 @215"); x86_64 names carry none. Link the DLL
with that .def and -Wl,--kill-at: ld finds the decorated symbol
_InternetOpenA@20 and exports it as "InternetOpenA", undecorated, as
Microsoft's DLL does (and fails to link if an implementation has a different
argument size: a free check of the prototypes).
Do NOT use the import library that ld writes with --out-implib (and meson
does so by default) for i686 consumers: with --kill-at its symbols are
undecorated (_InternetOpenA) and code compiled with MinGW's <wininet.h>
references _InternetOpenA@20. Make the import library from the same .def with
    i686-w64-mingw32-dlltool -k -d wininet.def -D wininet.dll -l libwininet.a
which defines _InternetOpenA@20 / __imp__InternetOpenA@20 importing the name
"InternetOpenA" (and -noname entries by ordinal). On x86_64 the same
command (x86_64-w64-mingw32-dlltool) works; -k is harmless there.

Meson (1.0) sketch:
    exports_py = files('../tools/exports.py')
    arch = host_machine.cpu_family() == 'x86' ? 'i686' : 'x86_64'
    wininet_def = configure_file(input : '../spec/wininet.spec',
      output : 'wininet.def', command : [python, exports_py, 'def',
      '--spec', '@INPUT@', '--arch', arch, '--out', '@OUTPUT@'])
    wininet_stubs = custom_target('wininet-stubs',
      input : ['../spec/wininet.spec'] + wininet_src,
      output : 'wininet_stubs.cpp',
      command : [python, exports_py, 'stubs', '--spec', '@INPUT0@',
                 '--out', '@OUTPUT@', '--sources', wininet_src])
    wininet_mc = custom_target('wininet-mc', input : 'wininet.mc',
      output : ['wininet_msg.rc', 'wininet_msg_MSG00409.bin'],
      command : [python, exports_py, 'msgtable', '--windmc',
                 find_program('windmc'), '--mc', '@INPUT@',
                 '--outdir', '@OUTDIR@'])
    wininet_res = windows.compile_resources(wininet_mc[0],
      depends : wininet_mc)
    shared_library('wininet', wininet_src, wininet_stubs, wininet_res,
      name_prefix : '', vs_module_defs : wininet_def,
      link_args : ['-Wl,--kill-at'], ...)
    wininet_implib = custom_target('libwininet.a', input : wininet_def,
      output : 'libwininet.a', command : [find_program('dlltool'), '-k',
      '-d', '@INPUT@', '-D', 'wininet.dll', '-l', '@OUTPUT@'])

msgtable runs windmc on a CRLF copy of the .mc file, because windmc stores
each message line with the line ending it read, and Windows' message texts
end in "\\r\\n" (FormatMessage returns e.g. "The operation timed out\\r\\n").
It is the same as copying X.mc to X_msg.mc with CRLF line ends and running
"windmc -U -b -h TMP -r DIR X_msg.mc": -U = Unicode message table (as
Windows' DLLs have), -b = prefix the .bin with the .mc name; the .rc
(LANGUAGE 0x9,0x1 / 1 MESSAGETABLE "X_msg_MSG00409.bin") is then compiled by
windres, which finds the .bin next to the .rc from any working directory.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

ARG_SIZE_I686 = {'long': 4, 'ptr': 4, 'str': 4, 'wstr': 4, 'float': 4,
                 'int64': 8, 'double': 8}
# C++ parameter type used in generated stubs for each spec argument type:
# pointer-sized (or exactly sized) so that the i686 decoration matches.
ARG_CTYPE = {'long': 'DWORD_PTR', 'ptr': 'void*', 'str': 'const char*',
             'wstr': 'const WCHAR*', 'float': 'float', 'int64': 'ULONGLONG',
             'double': 'double'}
CALLCONVS = ('stdcall', 'cdecl', 'varargs')
KNOWN_FLAGS = ('-noname', '-private', '-ret64', '-returns-error',
               '-returns-void', '-returns-hresult', '-internal')
ARCH_ALIASES = {'win32': 'i686', 'i386': 'i686', 'i686': 'i686', 'x86': 'i686',
                'win64': 'x86_64', 'x86_64': 'x86_64', 'amd64': 'x86_64'}
ARCHES = ('i686', 'x86_64')

IMPLEMENTED_RE = re.compile(
    r'\b(?:WINAPI|WINAPIV|APIENTRY|CALLBACK|STDAPICALLTYPE|__stdcall|__cdecl'
    r'|CDECL|STDAPI|STDAPI_\(\s*\w+\s*\))\s+(?P<name>[A-Za-z_]\w*)\s*\(')
SOURCE_EXTS = ('.c', '.cc', '.cpp', '.cxx', '.h', '.hh', '.hpp', '.hxx', '.inl')

BEGIN_MARK = '<!-- coverage:begin -->'
END_MARK = '<!-- coverage:end -->'


class SpecError(Exception):
    pass


class Entry:
    def __init__(self, path, lineno, ordinal, callconv, flags, arches, name,
                 args, target):
        self.path, self.lineno = path, lineno
        self.ordinal = ordinal          # int or None ("@")
        self.callconv = callconv
        self.flags = flags              # set of flag strings (without -arch)
        self.arches = arches            # set of arch names it is exported on
        self.name = name
        self.args = args                # list of spec arg types
        self.target = target            # alias target name or None

    @property
    def noname(self):
        return '-noname' in self.flags

    @property
    def private(self):
        return '-private' in self.flags

    @property
    def internal(self):
        return '-internal' in self.flags

    def ret_kind(self):
        for k in ('-returns-error', '-returns-void', '-returns-hresult', '-ret64'):
            if k in self.flags:
                return k
        return None

    def i686_size(self):
        return sum(ARG_SIZE_I686[a] for a in self.args)

    def where(self):
        return f'{self.path}:{self.lineno}'


class Spec:
    def __init__(self, path):
        self.path = path
        self.dll = os.path.splitext(os.path.basename(path))[0] + '.dll'
        self.entries = []
        self._parse()
        self._assign_ordinals()

    def _parse(self):
        line_re = re.compile(r'^(\d+|@)\s+(\S+)\s+(.*)$')
        func_re = re.compile(r'^([A-Za-z_][\w@]*)\s*\(([^)]*)\)\s*([A-Za-z_]\w*)?\s*$')
        with open(self.path, encoding='utf-8') as f:
            for lineno, raw in enumerate(f, 1):
                line = raw.split('#', 1)[0].strip()
                if not line:
                    continue
                m = line_re.match(line)
                if not m:
                    raise SpecError(f'{self.path}:{lineno}: cannot parse: {raw.rstrip()}')
                ordinal = None if m.group(1) == '@' else int(m.group(1))
                callconv, rest = m.group(2), m.group(3)
                if callconv not in CALLCONVS:
                    raise SpecError(f'{self.path}:{lineno}: unsupported calling '
                                    f'convention "{callconv}" (use {", ".join(CALLCONVS)})')
                flags, arches = set(), set(ARCHES)
                while rest.startswith('-'):
                    flag, _, rest = rest.partition(' ')
                    rest = rest.strip()
                    if flag.startswith('-arch='):
                        arches = parse_arch_list(flag[6:], self.path, lineno)
                    elif flag in KNOWN_FLAGS:
                        flags.add(flag)
                    else:
                        raise SpecError(f'{self.path}:{lineno}: unknown flag {flag}')
                if len(flags & {'-returns-error', '-returns-void',
                                '-returns-hresult', '-ret64'}) > 1:
                    raise SpecError(f'{self.path}:{lineno}: more than one return-kind flag')
                fm = func_re.match(rest)
                if not fm:
                    raise SpecError(f'{self.path}:{lineno}: expected NAME(ARGS) [TARGET]: {rest}')
                name, argstr, target = fm.group(1), fm.group(2), fm.group(3)
                args = argstr.split()
                for a in args:
                    if a not in ARG_SIZE_I686:
                        raise SpecError(f'{self.path}:{lineno}: unknown argument type "{a}"')
                self.entries.append(Entry(self.path, lineno, ordinal, callconv,
                                          flags, arches, name, args, target))

    def _assign_ordinals(self):
        explicit = [e.ordinal for e in self.entries if e.ordinal is not None]
        nxt = (max(explicit) if explicit else 0) + 1
        for e in self.entries:
            e.assigned = e.ordinal
            if e.ordinal is None:
                e.assigned = nxt
                nxt += 1

    def by_name(self):
        return {e.name: e for e in self.entries}

    def for_arch(self, arch):
        return [e for e in self.entries if arch in e.arches]


def parse_arch_list(text, path, lineno):
    result = set()
    negate = text.startswith('!')
    for item in (text[1:] if negate else text).split(','):
        if item not in ARCH_ALIASES:
            raise SpecError(f'{path}:{lineno}: unknown architecture "{item}"')
        result.add(ARCH_ALIASES[item])
    return set(ARCHES) - result if negate else result


# --------------------------------------------------------------------------
# source scanning


def strip_comments(text):
    """Remove // and /* */ comments and the contents of string/char
    literals (a literal becomes "" or '')."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '/' and i + 1 < n and text[i + 1] == '/':
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif c == '/' and i + 1 < n and text[i + 1] == '*':
            j = text.find('*/', i + 2)
            seg = text[i:n if j < 0 else j + 2]
            out.append('\n' * seg.count('\n') or ' ')
            i = n if j < 0 else j + 2
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def defined_functions(text):
    """Names of the functions defined (not just declared) in a C/C++ text."""
    text = strip_comments(text)
    names = set()
    for m in IMPLEMENTED_RE.finditer(text):
        depth, i = 0, m.end() - 1
        while i < len(text):
            if text[i] == '(':
                depth += 1
            elif text[i] == ')':
                depth -= 1
                if depth == 0:
                    break
            i += 1
        brace, semi = text.find('{', i), text.find(';', i)
        if brace >= 0 and (semi < 0 or brace < semi):
            names.add(m.group('name'))
    return names


def expand_sources(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for dirpath, _, filenames in os.walk(p):
                files += [os.path.join(dirpath, f) for f in sorted(filenames)
                          if f.endswith(SOURCE_EXTS)]
        else:
            files.append(p)
    return files


def implemented_names(paths):
    names = set()
    for path in expand_sources(paths):
        with open(path, encoding='utf-8', errors='replace') as f:
            names |= defined_functions(f.read())
    return names


def implemented_exports(spec, impl):
    """Spec entries that do not need a stub: defined, or aliases of something
    that is defined or stubbed."""
    return [e for e in spec.entries
            if e.name in impl or (e.target and e.target in impl)]


# --------------------------------------------------------------------------
# generators


def def_symbol(name, entry, arch):
    if arch == 'i686' and entry.callconv == 'stdcall':
        return f'{name}@{entry.i686_size()}'
    return name


def make_def(spec, arch, dll=None):
    lines = [f'; Generated by tools/exports.py from {os.path.basename(spec.path)} '
             f'for {arch} -- do not edit.',
             f'; Link with -Wl,--kill-at; build the import library with dlltool -k.',
             f'LIBRARY "{dll or spec.dll}"', 'EXPORTS']
    by_name = spec.by_name()
    for e in spec.for_arch(arch):
        sym = def_symbol(e.name, e, arch)
        if e.target:
            tgt = by_name.get(e.target, e)
            sym += ' = ' + def_symbol(e.target, tgt, arch)
        line = f'  {sym} @{e.assigned}'
        if e.noname:
            line += ' NONAME'
        if e.private:
            line += ' PRIVATE'
        lines.append(line)
    return '\n'.join(lines) + '\n'


def stub_code(e):
    params = [ARG_CTYPE[a] for a in e.args]
    if e.callconv == 'varargs':
        params.append('...')
    plist = ', '.join(params) if params else 'void'
    conv = 'WINAPI' if e.callconv == 'stdcall' else '__cdecl'
    kind = e.ret_kind()
    ret, value = {
        '-returns-error': ('DWORD', 'ERROR_CALL_NOT_IMPLEMENTED'),
        '-returns-void': ('void', None),
        '-returns-hresult': ('HRESULT', 'E_NOTIMPL'),
        '-ret64': ('ULONGLONG', '0'),
        None: ('ULONG_PTR', '0'),
    }[kind]
    body = f'    hinternet_stub_enter(logged_{e.name}, "{e.name}");\n'
    if value is not None:
        body += f'    return {value};\n'
    return (f'static std::atomic<bool> logged_{e.name}{{false}};\n'
            f'extern "C" {ret} {conv} {e.name}({plist})\n{{\n{body}}}\n')


def arch_guard(e):
    if e.arches == set(ARCHES):
        return None
    if e.arches == {'x86_64'}:
        return '#ifdef _WIN64'
    if e.arches == {'i686'}:
        return '#ifndef _WIN64'
    return '#if 0'


def make_stubs(spec, impl):
    by_name = spec.by_name()
    done = {e.name for e in implemented_exports(spec, impl)}
    for e in spec.entries:
        if e.target and e.target not in impl and e.target not in by_name:
            raise SpecError(f'{e.where()}: alias target {e.target} is neither '
                            f'implemented nor a spec entry')
    out = [f'// Generated by tools/exports.py from {os.path.basename(spec.path)}'
           f' -- do not edit.',
           f'// Stubs for the {spec.dll} exports that no source file defines.',
           '#define WIN32_LEAN_AND_MEAN',
           '#include <windows.h>',
           '#include <atomic>',
           '',
           'extern "C" void hinternet_log_stub(const char* name);',
           '',
           'static inline void hinternet_stub_enter(std::atomic<bool>& logged, const char* name)',
           '{',
           '    if (!logged.exchange(true, std::memory_order_relaxed))',
           '        hinternet_log_stub(name);',
           '    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);',
           '}',
           '']
    count = 0
    for e in spec.entries:
        if e.name in done or e.target:
            continue
        guard = arch_guard(e)
        if guard:
            out.append(guard)
        out.append(stub_code(e).rstrip('\n'))
        if guard:
            out.append('#endif')
        out.append('')
        count += 1
    out.append(f'// {count} stubs, {len(done)} exports implemented or aliased.')
    return '\n'.join(out) + '\n'


def coverage_data(pairs):
    rows = []
    for spec_path, sources in pairs:
        spec = Spec(spec_path)
        impl = implemented_names(sources)
        done = implemented_exports(spec, impl)
        rows.append((spec, done))
    return rows


def split_internal(done):
    """(implemented, internal): defined exports, the -internal ones apart."""
    return ([e for e in done if not e.internal], [e for e in done if e.internal])


def coverage_markdown(pairs):
    rows = coverage_data(pairs)
    out = ['| DLL | Exports | Implemented | Internal: fails for outsiders | Stub |',
           '|---|---:|---:|---:|---:|']
    for spec, done in rows:
        total = len(spec.entries)
        implemented, internal = split_internal(done)
        out.append(f'| {spec.dll} | {total} | {len(implemented)} | {len(internal)} | '
                   f'{total - len(done)} |')
    for spec, done in rows:
        implemented, internal = split_internal(done)
        for label, entries in (('implemented', implemented),
                               ('internal, failing for outside callers', internal)):
            if label != 'implemented' and not entries:
                continue
            names = sorted(e.name for e in entries)
            out.append('')
            out.append(f'**{spec.dll}** {label} ({len(names)}): '
                       + (', '.join(f'`{n}`' for n in names) if names else '(none)'))
    return '\n'.join(out) + '\n'


def rewrite_readme(path, block):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    b, e = text.find(BEGIN_MARK), text.find(END_MARK)
    if b < 0 or e < 0 or e < b:
        print(f'{path}: no {BEGIN_MARK} ... {END_MARK} markers; left untouched',
              file=sys.stderr)
        return False
    new = text[:b + len(BEGIN_MARK)] + '\n' + block + text[e:]
    if new != text:
        with open(path, 'w', encoding='utf-8') as f:
            f.write(new)
    return True


def run_msgtable(windmc, mc, outdir):
    """X.mc -> OUTDIR/X_msg.rc + OUTDIR/X_msg_MSG00409.bin. The header that
    windmc also writes is dropped: it holds nothing useful, and a generated
    "wininet.h" in a build directory would shadow the system <wininet.h>."""
    os.makedirs(outdir, exist_ok=True)
    base = os.path.splitext(os.path.basename(mc))[0] + '_msg.mc'
    with open(mc, 'rb') as f:
        data = f.read()
    data = data.replace(b'\r\n', b'\n').replace(b'\n', b'\r\n')
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, base)
        with open(src, 'wb') as f:
            f.write(data)
        subprocess.run([windmc, '-U', '-b', '-h', tmp, '-r', outdir, src],
                       check=True)


# --------------------------------------------------------------------------
# selftest


def nm_symbols(nm, lib):
    out = subprocess.run([nm, lib], capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == 'T':
            syms.append(parts[2])
    return syms


def check_spec(spec, errors):
    names, ordinals = {}, {}
    for e in spec.entries:
        if e.name in names:
            errors.append(f'{e.where()}: duplicate name {e.name} '
                          f'(first at line {names[e.name].lineno})')
        names[e.name] = e
        if e.ordinal is not None:
            if e.ordinal in ordinals:
                errors.append(f'{e.where()}: duplicate ordinal {e.ordinal}')
            ordinals[e.ordinal] = e
        if e.noname and e.ordinal is None:
            errors.append(f'{e.where()}: -noname entry {e.name} needs an explicit ordinal')
        if e.callconv == 'varargs' and e.ret_kind() == '-ret64':
            errors.append(f'{e.where()}: -ret64 with varargs is not supported')
    for e in spec.entries:
        if e.target and e.target in names:
            t = names[e.target]
            if t.args != e.args or t.callconv != e.callconv:
                errors.append(f'{e.where()}: alias {e.name} and its target '
                              f'{e.target} have different argument lists')
    lower = {}
    for e in spec.entries:
        if e.name.lower() in lower:
            errors.append(f'{e.where()}: {e.name} differs only in case from '
                          f'{lower[e.name.lower()]}')
        lower[e.name.lower()] = e.name


def check_against_mingw(spec, libdir_fmt, errors, notes):
    lib = os.path.splitext(os.path.basename(spec.path))[0]
    by_name = spec.by_name()
    for arch in ARCHES:
        path = os.path.join(libdir_fmt.format(arch=arch), f'lib{lib}.a')
        nm = f'{arch}-w64-mingw32-nm'
        if not os.path.exists(path) or not shutil.which(nm):
            notes.append(f'skipped {arch} import library check ({path} or {nm} missing)')
            continue
        syms = nm_symbols(nm, path)
        checked = 0
        for s in syms:
            if arch == 'i686':
                if not s.startswith('_'):
                    continue
                m = re.match(r'^_(.+?)(?:@(\d+))?$', s)
                name, size = m.group(1), m.group(2)
            else:
                name, size = s, None
            e = by_name.get(name)
            if e is None:
                errors.append(f'{os.path.basename(path)} ({arch}) exports {name}, '
                              f'missing from {spec.path}')
                continue
            if arch not in e.arches:
                errors.append(f'{e.where()}: {name} is in MinGW\'s {arch} import '
                              f'library but the spec does not export it on {arch}')
            if arch == 'i686':
                checked += 1
                if size is None:
                    if e.callconv == 'stdcall':
                        errors.append(f'{e.where()}: {name} is undecorated (cdecl) '
                                      f'in {os.path.basename(path)} but stdcall in the spec')
                elif e.callconv != 'stdcall':
                    errors.append(f'{e.where()}: {name} is stdcall @{size} in '
                                  f'{os.path.basename(path)} but {e.callconv} in the spec')
                elif int(size) != e.i686_size():
                    errors.append(f'{e.where()}: {name}({" ".join(e.args)}) is '
                                  f'{e.i686_size()} bytes on i686, MinGW says @{size}')
        if arch == 'i686':
            notes.append(f'{spec.dll}: {checked} i686 decorations compared with {path}')
        else:
            notes.append(f'{spec.dll}: {len(syms)} x86_64 names looked up from {path}')


def check_generated_stubs(spec, tmp, errors, notes):
    """Compile the full stub file for i686 and compare the decorations."""
    cxx = shutil.which('i686-w64-mingw32-g++-posix') or shutil.which('i686-w64-mingw32-g++')
    nm = shutil.which('i686-w64-mingw32-nm')
    if not cxx or not nm:
        notes.append('skipped stub compile check (no i686 MinGW g++/nm)')
        return
    src = os.path.join(tmp, os.path.basename(spec.path) + '_stubs.cpp')
    obj = src + '.o'
    with open(src, 'w') as f:
        f.write(make_stubs(spec, set()))
    r = subprocess.run([cxx, '-std=c++17', '-Wall', '-Wextra', '-Werror',
                        '-c', src, '-o', obj], capture_output=True, text=True)
    if r.returncode:
        errors.append(f'generated stubs for {spec.dll} do not compile:\n{r.stderr}')
        return
    syms = set(nm_symbols(nm, obj))
    for e in spec.for_arch('i686'):
        if e.target:
            continue
        want = f'_{e.name}@{e.i686_size()}' if e.callconv == 'stdcall' else f'_{e.name}'
        if want not in syms:
            errors.append(f'{e.where()}: compiled stub has no symbol {want}')
    notes.append(f'{spec.dll}: generated stubs compile for i686, decorations match')


def check_deep(spec, tmp, errors, notes):
    """Link stub DLLs for both architectures, check their export tables and
    that an import library made by dlltool -k resolves decorated names."""
    for arch in ARCHES:
        cxx = shutil.which(f'{arch}-w64-mingw32-g++-posix') or \
            shutil.which(f'{arch}-w64-mingw32-g++')
        objdump = shutil.which(f'{arch}-w64-mingw32-objdump')
        dlltool = shutil.which(f'{arch}-w64-mingw32-dlltool')
        if not (cxx and objdump and dlltool):
            notes.append(f'skipped deep check for {arch}')
            continue
        d = os.path.join(tmp, f'{arch}-{spec.dll}')
        os.makedirs(d, exist_ok=True)
        stubs, deff = os.path.join(d, 'stubs.cpp'), os.path.join(d, 'x.def')
        with open(stubs, 'w') as f:
            f.write(make_stubs(spec, set()))
            f.write('extern "C" void hinternet_log_stub(const char*) {}\n')
        with open(deff, 'w') as f:
            f.write(make_def(spec, arch))
        dll = os.path.join(d, spec.dll)
        r = subprocess.run([cxx, '-shared', '-o', dll, stubs, deff, '-Wl,--kill-at',
                            '-static', '-static-libgcc', '-static-libstdc++'],
                           capture_output=True, text=True)
        if r.returncode:
            errors.append(f'{arch}: linking {spec.dll} failed:\n{r.stderr}')
            continue
        exports = parse_export_table(subprocess.run(
            [objdump, '-p', dll], capture_output=True, text=True, check=True).stdout)
        named = {n: o for o, n in exports if n}
        ords = {o for o, _ in exports}
        bad = 0
        for e in spec.for_arch(arch):
            if e.noname:
                if e.assigned not in ords or e.name in named:
                    errors.append(f'{arch}: {spec.dll}: -noname {e.name} not exported '
                                  f'as ordinal-only {e.assigned}')
                    bad += 1
            elif named.get(e.name) != e.assigned:
                errors.append(f'{arch}: {spec.dll}: {e.name} exported as '
                              f'{named.get(e.name)}, expected ordinal {e.assigned}')
                bad += 1
        extra = set(named) - {e.name for e in spec.for_arch(arch)}
        if extra:
            errors.append(f'{arch}: {spec.dll} exports unexpected names: {sorted(extra)}')
        implib = os.path.join(d, 'libx.a')
        r = subprocess.run([dlltool, '-k', '-d', deff, '-D', spec.dll, '-l', implib],
                           capture_output=True, text=True)
        if r.returncode:
            errors.append(f'{arch}: dlltool failed: {r.stderr}')
            continue
        syms = set(nm_symbols(f'{arch}-w64-mingw32-nm', implib))
        for e in spec.for_arch(arch):
            if e.private:
                continue
            want = ('_' + def_symbol(e.name, e, arch)) if arch == 'i686' else e.name
            if want not in syms:
                errors.append(f'{arch}: import library lacks {want}')
                bad += 1
        if not bad:
            notes.append(f'{arch}: {spec.dll}: {len(exports)} exports '
                         f'({len(named)} named) match the spec; import library OK')


def parse_export_table(text):
    """[(ordinal, name-or-None)] from objdump -p output."""
    base, entries, names = 1, {}, {}
    m = re.search(r'Ordinal Base (\d+)', text)
    if m:
        base = int(m.group(1))
    sect = None
    for line in text.splitlines():
        if line.startswith('Export Address Table --'):
            sect = 'eat'
            continue
        if line.startswith('[Ordinal/Name Pointer] Table'):
            sect = 'npt'
            continue
        if not line.strip():
            if sect == 'npt':
                break
            continue
        m = re.match(r'\s*\[\s*(\d+)\]\s+(.*)$', line)
        if not m:
            continue
        idx, rest = int(m.group(1)), m.group(2)
        if sect == 'eat':
            entries[idx + base] = None
        elif sect == 'npt':
            names[idx + base] = rest.split()[0]
    return [(o, names.get(o)) for o in sorted(entries)]


def check_internal_column(errors):
    """A defined -internal export is counted as internal, an undefined one
    as a stub, and neither as implemented."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = os.path.join(tmp, 'x.spec')
        src = os.path.join(tmp, 'x.cpp')
        with open(spec, 'w') as f:
            f.write('@ stdcall Done()\n@ stdcall -internal Kept()\n'
                    '@ stdcall -internal -returns-error Missing()\n@ stdcall Todo()\n')
        with open(src, 'w') as f:
            f.write('BOOL WINAPI Done() { return 1; }\nBOOL WINAPI Kept() { return 0; }\n')
        table = coverage_markdown([(spec, [src])])
    if '| x.dll | 4 | 1 | 1 | 2 |' not in table or \
            '**x.dll** internal, failing for outside callers (1): `Kept`' not in table:
        errors.append(f'internal column is broken:\n{table}')


def selftest(args):
    errors, notes = [], []
    specs = []
    for name in ('wininet', 'winhttp'):
        path = os.path.join(args.spec_dir, f'{name}.spec')
        try:
            spec = Spec(path)
        except SpecError as ex:
            errors.append(str(ex))
            continue
        specs.append(spec)
        noname = sum(1 for e in spec.entries if e.noname)
        notes.append(f'{spec.dll}: {len(spec.entries)} exports ({noname} -noname, '
                     f'{sum(1 for e in spec.entries if e.arches != set(ARCHES))} '
                     f'arch-specific), ordinals {min(e.assigned for e in spec.entries)}'
                     f'..{max(e.assigned for e in spec.entries)}')
        check_spec(spec, errors)
        check_against_mingw(spec, args.libdir, errors, notes)
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs:
            check_generated_stubs(spec, tmp, errors, notes)
            if args.deep:
                check_deep(spec, tmp, errors, notes)
    # the "implemented" detection itself
    sample = ('// BOOL WINAPI CommentedOut(int) {}\n'
              'extern "C" HINTERNET WINAPI InternetOpenA(LPCSTR a, DWORD b,\n'
              '    LPCSTR c, LPCSTR d, DWORD e)\n{ return 0; }\n'
              'BOOL WINAPI Declared(HINTERNET h);\n'
              'STDAPI DllCanUnloadNow(void) noexcept { return S_FALSE; }\n'
              'const char* s = "BOOL WINAPI InString(int) {";\n')
    found = defined_functions(sample)
    if found != {'InternetOpenA', 'DllCanUnloadNow'}:
        errors.append(f'definition detection is broken: {sorted(found)}')
    check_internal_column(errors)
    for n in notes:
        print('ok:', n)
    for e in errors:
        print('ERROR:', e)
    print(f'selftest: {len(errors)} error(s)')
    return 1 if errors else 0


# --------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)

    p = sub.add_parser('def', help='write a module-definition file')
    p.add_argument('--spec', required=True)
    p.add_argument('--arch', required=True, choices=ARCHES)
    p.add_argument('--out', required=True)
    p.add_argument('--dll', help='LIBRARY name (default: from the spec name)')

    p = sub.add_parser('stubs', help='write C++ stubs for unimplemented exports')
    p.add_argument('--spec', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--sources', nargs='*', default=[])

    for name in ('coverage', 'readme'):
        p = sub.add_parser(name, help='markdown coverage table' if name == 'coverage'
                           else 'rewrite the coverage block of a README')
        p.add_argument('--dll', nargs='+', action='append', required=True,
                       metavar=('SPEC', 'SRC'),
                       help='a spec file and the sources (files or directories) '
                            'implementing it; repeat per DLL')
        if name == 'readme':
            p.add_argument('--readme', required=True)

    p = sub.add_parser('msgtable', help='compile a .mc file with windmc (CRLF texts)')
    p.add_argument('--windmc', required=True)
    p.add_argument('--mc', required=True)
    p.add_argument('--outdir', required=True)

    p = sub.add_parser('selftest', help='check the spec files')
    p.add_argument('--spec-dir', default=os.path.join(ROOT, 'spec'))
    p.add_argument('--libdir', default='/usr/{arch}-w64-mingw32/lib',
                   help='MinGW import library directory ({arch} is replaced)')
    p.add_argument('--deep', action='store_true',
                   help='also link stub DLLs and import libraries and check them')

    args = ap.parse_args(argv)
    try:
        if args.cmd == 'def':
            write_text(args.out, make_def(Spec(args.spec), args.arch, args.dll))
        elif args.cmd == 'stubs':
            write_text(args.out, make_stubs(Spec(args.spec),
                                                  implemented_names(args.sources)))
        elif args.cmd == 'coverage':
            sys.stdout.write(coverage_markdown([(d[0], d[1:]) for d in args.dll]))
        elif args.cmd == 'readme':
            rewrite_readme(args.readme,
                           coverage_markdown([(d[0], d[1:]) for d in args.dll]))
        elif args.cmd == 'msgtable':
            run_msgtable(args.windmc, args.mc, args.outdir)
        elif args.cmd == 'selftest':
            return selftest(args)
    except SpecError as ex:
        print(f'error: {ex}', file=sys.stderr)
        return 1
    return 0


def write_text(path, text):
    # Always rewritten: ninja (meson's custom_target has no restat) would
    # otherwise consider an unchanged, older output out of date forever.
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)


if __name__ == '__main__':
    sys.exit(main())
