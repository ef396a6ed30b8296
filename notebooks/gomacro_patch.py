#!/usr/bin/python3
"""Patch a writable copy of gomacro (the interpreter inside gophernotes) for Go 1.26.

Usage: gomacro_patch.py DIR    (DIR: a copy of
github.com/cosmos72/gomacro@v0.0.0-20220530072503-c719ab5c40fc)

gomacro predates generics and type aliases as distinct types (*types.Alias,
Go 1.22+), so as published gophernotes panics at kernel start on Go 1.26.
The patches:

 1. go/types/converter.go: skip generic functions and types and constraint
    interfaces, resolve aliases with types.Unalias, and drop any object whose
    conversion still panics instead of crashing the kernel.
 2. base/genimport: leave generic and constraint objects out of the generated
    plugin source (it would not compile), resolve aliases before the type
    switches of the scanner, and prefix the proxy type names with the package
    path so that packages imported in one statement (one plugin) do not
    clash (two packages with an interface called Model, say).
 3. fast/import.go: report a failed import statement as an error of its cell
    instead of dropping the error (upstream, the statement silently declares
    nothing and the next cell fails with "undefined identifier").
 4. base/genimport/importer_load.go: resolve an import path that lies inside
    the Go module enclosing the kernel's working directory (the folder of the
    notebook), or inside a module folder named in $GOMACRO_MODULE_DIRS, from
    that folder on disk with a `replace` directive, as `go run` in the module
    would, instead of fetching it. Upstream only does so for imports written
    as file system paths ("../nets").

Every edit is an exact text replacement that must match exactly once: if the
upstream text is not found the script fails loudly and changes nothing.
"""

import os
import sys

MARK = "ae-notebooks patch"

EDITS = []


def edit(path, old, new):
    EDITS.append((path, old, new))


# --- 1. go/types/converter.go -------------------------------------------------

# isGenericObject, the Go function both patched packages need: generic
# functions and types and constraint interfaces cannot be used by gomacro.
IS_GENERIC_OBJECT = """func isGenericObject(g types.Object) bool {
	switch g := g.(type) {
	case *types.Func:
		if sig, ok := g.Type().(*types.Signature); ok {
			return sig.TypeParams().Len() != 0 || sig.RecvTypeParams().Len() != 0
		}
	case *types.TypeName:
		switch t := g.Type().(type) {
		case *types.Named:
			if t.TypeParams().Len() != 0 {
				return true
			}
		case *types.Alias:
			if t.TypeParams().Len() != 0 {
				return true
			}
		}
		if it, ok := g.Type().Underlying().(*types.Interface); ok && !it.IsMethodSet() {
			return true
		}
	}
	return false
}
"""

edit("go/types/converter.go",
     """	scope := g.Scope()
	for _, name := range scope.Names() {
		obj := c.object(scope.Lookup(name))
		if obj != nil {
			p.scope.Insert(obj)
		}
	}
	// complete all interfaces
	for _, t := range c.tocomplete {
		t.Complete()
	}
	c.tocomplete = c.tocomplete[0:0:cap(c.tocomplete)]

	// add methods to named types
	for t, g := range c.toaddmethods {
		c.addmethods(t, g)
		delete(c.toaddmethods, t)
	}
""",
     """	scope := g.Scope()
	for _, name := range scope.Names() {
		gobj := scope.Lookup(name)
		if isGenericObject(gobj) { // ae-notebooks patch
			continue
		}
		obj := c.safeObject(gobj)
		if obj != nil {
			p.scope.Insert(obj)
		}
	}
	// complete all interfaces
	for _, t := range c.tocomplete {
		t := t
		safeDo(func() { t.Complete() })
	}
	c.tocomplete = c.tocomplete[0:0:cap(c.tocomplete)]

	// add methods to named types
	for t, g := range c.toaddmethods {
		t, g := t, g
		safeDo(func() { c.addmethods(t, g) })
		delete(c.toaddmethods, t)
	}
""")

edit("go/types/converter.go",
     """func (c *Converter) typ(g types.Type) Type {
	if g == nil {
		return nil
	}
""",
     """func (c *Converter) typ(g types.Type) Type {
	if g == nil {
		return nil
	}
	g = types.Unalias(g) // ae-notebooks patch
""")

edit("go/types/converter.go",
     """func (c *Converter) addmethods(t *Named, g *types.Named) {""",
     """// ae-notebooks patch: Go 1.18+ generics and Go 1.22+ type aliases.

// isGenericObject reports whether g is a generic function or type, or a
// constraint interface: none of them can be converted or used by gomacro.
""" + IS_GENERIC_OBJECT + """
// safeObject converts g, or returns nil if the conversion panics.
func (c *Converter) safeObject(g types.Object) (obj Object) {
	defer func() {
		if recover() != nil {
			obj = nil
		}
	}()
	return c.object(g)
}

func safeDo(f func()) {
	defer func() { recover() }()
	f()
}

func (c *Converter) addmethods(t *Named, g *types.Named) {""")

# --- 2. base/genimport ------------------------------------------------------------

edit("base/genimport/genimport.go",
     """	scope := gpkg.Scope()
	names := scope.Names()
""",
     """	scope := gpkg.Scope()
	names := nonGenericNames(scope) // ae-notebooks patch
""")

edit("base/genimport/genimport.go",
     """	if mode == ImPlugin {
		gen.proxyprefix = "P_"
	} else {
		gen.proxyprefix = fmt.Sprintf("P_%s_", sanitizeIdent(path))
	}
""",
     """	// ae-notebooks patch: packages imported in one statement share one
	// plugin, so their proxies need the package path in their names.
	gen.proxyprefix = fmt.Sprintf("P_%s_", sanitizeIdent(path))
""")

edit("base/genimport/genimport.go",
     """func (gen *genimport) write() {""",
     """// ae-notebooks patch: the exported names of scope, less the generic
// functions and types and the constraint interfaces, which cannot be
// referenced uninstantiated in the generated plugin source.
func nonGenericNames(scope *types.Scope) []string {
	var names []string
	for _, name := range scope.Names() {
		if !isGenericObject(scope.Lookup(name)) {
			names = append(names, name)
		}
	}
	return names
}

""" + IS_GENERIC_OBJECT + """
func (gen *genimport) write() {""")

edit("base/genimport/scanner.go",
     """		// defer un(trace(o, "traverseType", name, in))

		if !visitor(in) {""",
     """		// defer un(trace(o, "traverseType", name, in))
		in = types.Unalias(in) // ae-notebooks patch

		if !visitor(in) {""")

edit("base/genimport/scanner.go",
     """	if ie.seen[t] {
		return false
	}
	switch t := t.(type) {""",
     """	if ie.seen[t] {
		return false
	}
	switch t := types.Unalias(t).(type) { // ae-notebooks patch""")

edit("base/genimport/scanner.go",
     """	for typ != nil {
		switch t := typ.(type) {
		case *types.Array:""",
     """	for typ != nil {
		switch t := types.Unalias(typ).(type) { // ae-notebooks patch
		case *types.Array:""")

# --- 3. import errors -------------------------------------------------------------

edit("fast/import.go",
     """			paths[path] = name
		default:
			c.Errorf("unimplemented import: %v", node)
		}
	}
	c.ImportPackagesOrError(paths)
}""",
     """			paths[path] = name
		default:
			c.Errorf("unimplemented import: %v", node)
		}
	}
	// ae-notebooks patch: upstream drops this error, so a failed import
	// statement declared nothing, silently, and the next cell failed with
	// "undefined identifier".
	if _, err := c.ImportPackagesOrError(paths); err != nil {
		c.Errorf("import failed (the go command's messages are on the kernel's standard error): %v", err)
	}
}""")

# --- 4. local modules -------------------------------------------------------------

edit("base/genimport/importer_load.go",
     """	pkgpaths = make([]PackagePath, len(paths))
	for i, path := range paths {
		if !isLocalFilesystemPath(path) {
			pkgpaths[i] = MakePackagePathOrPanic(path)
			continue
		}""",
     """	pkgpaths = make([]PackagePath, len(paths))
	for i, path := range paths {
		if !isLocalFilesystemPath(path) {
			pkgpaths[i] = MakePackagePathOrPanic(path)
			// ae-notebooks patch: a package of a module on disk
			if modpath, moddir, ok := findEnclosingLocalModule(path); ok {
				if goModReplaceDirective == nil {
					goModReplaceDirective = make(map[PackagePath]AbsolutePath)
				}
				goModReplaceDirective[modpath] = moddir
			}
			continue
		}""")

edit("base/genimport/importer_load.go",
     """func isLocalFilesystemPath(path string) bool {""",
     """// ae-notebooks patch: findEnclosingLocalModule reports the module on disk
// that holds the package pkgpath: the module enclosing the working directory
// (a notebook's folder), or one of the module folders listed in
// $GOMACRO_MODULE_DIRS (separated by the OS path list separator).
func findEnclosingLocalModule(pkgpath string) (PackagePath, AbsolutePath, bool) {
	var dirs []string
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				dirs = append(dirs, dir)
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	dirs = append(dirs, filepath.SplitList(os.Getenv("GOMACRO_MODULE_DIRS"))...)
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		abs, err := MakeAbsolutePathOrError(dir)
		if err != nil {
			if abs, err = MakeAbsolutePathOrError("./" + dir); err != nil {
				continue
			}
		}
		modpath, err := readGoModFile(filepath.Join(abs.String(), "go.mod"))
		if err != nil {
			continue
		}
		m := modpath.String()
		if pkgpath == m || strings.HasPrefix(pkgpath, m+"/") {
			return modpath, abs, true
		}
	}
	return PackagePath{}, AbsolutePath{}, false
}

func isLocalFilesystemPath(path string) bool {""")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gomacro_patch.py GOMACRO_DIR")
    root = sys.argv[1]
    files = {}
    for rel, old, new in EDITS:
        if rel not in files:
            with open(os.path.join(root, rel), encoding="utf-8") as f:
                files[rel] = f.read()
    for rel, text in files.items():
        if MARK in text:
            sys.exit(f"gomacro_patch: {rel} is already patched; patch a fresh copy")
    for rel, old, new in EDITS:
        n = files[rel].count(old)
        if n != 1:
            first = old.strip().splitlines()[0]
            sys.exit(f"gomacro_patch: expected exactly 1 match in {rel}, found {n}: {first!r}")
        files[rel] = files[rel].replace(old, new)
    for rel, text in files.items():
        with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"gomacro_patch: applied {len(EDITS)} edits to {len(files)} files in {root}")


if __name__ == "__main__":
    main()
