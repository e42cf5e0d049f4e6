package main

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocksReleasedByDefer reads every non-test Go file of the module and
// requires each X.Lock() / X.RLock() to be followed at once by
// defer X.Unlock() / defer X.RUnlock() (or by a return that hands X.Unlock
// to the caller). A panic between a lock and a plain Unlock leaves the lock
// held for ever: issue 14 froze reviews, sign-offs and shutdown that way
// after bleve panicked inside a precedent search. The server recovers
// panics per request, so only deferred unlocks make that recovery safe.
// This binary links every package, so the check lives with it.
func TestLocksReleasedByDefer(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "data") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var list []ast.Stmt
			switch b := n.(type) {
			case *ast.BlockStmt:
				list = b.List
			case *ast.CaseClause:
				list = b.Body
			case *ast.CommClause:
				list = b.Body
			default:
				return true
			}
			for i, st := range list {
				recv, method, ok := lockCall(st)
				if !ok {
					continue
				}
				checked++
				unlock := "Unlock"
				if method == "RLock" {
					unlock = "RUnlock"
				}
				if i+1 < len(list) && releases(fset, list[i+1], recv, unlock) {
					continue
				}
				t.Errorf("%s: %s.%s() is not followed by defer %s.%s()", fset.Position(st.Pos()), recv, method, recv, unlock)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("only %d lock calls found: the walk missed the module", checked)
	}
}

// lockCall matches the statement X.Lock() or X.RLock().
func lockCall(st ast.Stmt) (recv, method string, ok bool) {
	es, isExpr := st.(*ast.ExprStmt)
	if !isExpr {
		return "", "", false
	}
	call, isCall := es.X.(*ast.CallExpr)
	if !isCall || len(call.Args) != 0 {
		return "", "", false
	}
	sel, isSel := call.Fun.(*ast.SelectorExpr)
	if !isSel || (sel.Sel.Name != "Lock" && sel.Sel.Name != "RLock") {
		return "", "", false
	}
	return exprString(sel.X), sel.Sel.Name, true
}

// releases reports whether st is defer recv.unlock() or a return handing
// recv.unlock to the caller (who must defer it).
func releases(fset *token.FileSet, st ast.Stmt, recv, unlock string) bool {
	switch s := st.(type) {
	case *ast.DeferStmt:
		sel, ok := s.Call.Fun.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == unlock && exprString(sel.X) == recv && len(s.Call.Args) == 0
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			if sel, ok := r.(*ast.SelectorExpr); ok && sel.Sel.Name == unlock && exprString(sel.X) == recv {
				return true
			}
		}
	}
	return false
}

func exprString(e ast.Expr) string {
	var b strings.Builder
	_ = printer.Fprint(&b, token.NewFileSet(), e)
	return b.String()
}
