package script

import "github.com/yuin/gopher-lua/ast"

// Names of the hidden globals the rewritten operators call. A script that
// reassigns them only changes its own (still deterministic) behaviour.
const (
	powName    = "__arcade_pow"
	concatName = "__arcade_concat"
	lenName    = "__arcade_len"
)

// rewrite replaces three operators in a parsed chunk with calls to Go
// functions we control, before it is compiled:
//
//   - a ^ b becomes __arcade_pow(a, b): gopher-lua computes ^ with math.Pow,
//     whose amd64 assembly can differ from wasm in the last bit (and the
//     compiler folds constant powers the same way), breaking replays;
//   - a .. b .. c becomes __arcade_concat(a, b, c): the VM's concatenation
//     has no size check, so `s = s .. s` doubles memory per instruction
//     faster than any watchdog can see it;
//   - #t becomes __arcade_len(t): gopher-lua finds a table's border by
//     walking its array part in Go, work the instruction budget would not
//     see (see slots.go).
func (rw *rewriter) rewrite(stmts []ast.Stmt) {
	for _, s := range stmts {
		rw.rewriteStmt(s)
	}
}

// maxNesting bounds how deep statements and expressions nest, as Lua 5.1
// does (LUAI_MAXCCALLS): the compiler recurses over the tree.
const maxNesting = 200

type tooDeep struct{ line int }

// rewriter walks one chunk; depth counts how deep the walk is, so a chunk
// nested beyond maxNesting is refused before the compiler's own recursion
// could exhaust the Go stack. A value per chunk keeps concurrent loads apart.
type rewriter struct{ depth int }

func (rw *rewriter) rewriteStmt(s ast.Stmt) {
	rw.depth++
	defer func() { rw.depth-- }()
	if rw.depth > maxNesting {
		panic(tooDeep{s.Line()})
	}
	switch s := s.(type) {
	case *ast.AssignStmt:
		rw.rewriteExprs(s.Lhs)
		rw.rewriteExprs(s.Rhs)
	case *ast.LocalAssignStmt:
		rw.rewriteExprs(s.Exprs)
	case *ast.FuncCallStmt:
		s.Expr = rw.rewriteExpr(s.Expr)
	case *ast.DoBlockStmt:
		rw.rewrite(s.Stmts)
	case *ast.WhileStmt:
		s.Condition = rw.rewriteExpr(s.Condition)
		rw.rewrite(s.Stmts)
	case *ast.RepeatStmt:
		s.Condition = rw.rewriteExpr(s.Condition)
		rw.rewrite(s.Stmts)
	case *ast.IfStmt:
		s.Condition = rw.rewriteExpr(s.Condition)
		rw.rewrite(s.Then)
		rw.rewrite(s.Else)
	case *ast.NumberForStmt:
		s.Init = rw.rewriteExpr(s.Init)
		s.Limit = rw.rewriteExpr(s.Limit)
		s.Step = rw.rewriteExpr(s.Step)
		rw.rewrite(s.Stmts)
	case *ast.GenericForStmt:
		rw.rewriteExprs(s.Exprs)
		rw.rewrite(s.Stmts)
	case *ast.FuncDefStmt:
		if s.Name != nil {
			s.Name.Func = rw.rewriteExpr(s.Name.Func)
			s.Name.Receiver = rw.rewriteExpr(s.Name.Receiver)
		}
		rw.rewrite(s.Func.Stmts)
	case *ast.ReturnStmt:
		rw.rewriteExprs(s.Exprs)
	}
}

func (rw *rewriter) rewriteExprs(es []ast.Expr) {
	for i := range es {
		es[i] = rw.rewriteExpr(es[i])
	}
}

func (rw *rewriter) rewriteExpr(e ast.Expr) ast.Expr {
	rw.depth++
	defer func() { rw.depth-- }()
	if rw.depth > maxNesting && e != nil {
		panic(tooDeep{e.Line()})
	}
	switch e := e.(type) {
	case nil:
		return nil
	case *ast.ArithmeticOpExpr:
		e.Lhs = rw.rewriteExpr(e.Lhs)
		e.Rhs = rw.rewriteExpr(e.Rhs)
		if e.Operator == "^" {
			return call(e, powName, e.Lhs, e.Rhs)
		}
	case *ast.StringConcatOpExpr:
		// Flatten a .. b .. c into one call, keeping operand order.
		var parts []ast.Expr
		flattenConcat(e, &parts)
		rw.rewriteExprs(parts)
		return call(e, concatName, parts...)
	case *ast.AttrGetExpr:
		e.Object = rw.rewriteExpr(e.Object)
		e.Key = rw.rewriteExpr(e.Key)
	case *ast.TableExpr:
		for _, f := range e.Fields {
			f.Key = rw.rewriteExpr(f.Key)
			f.Value = rw.rewriteExpr(f.Value)
		}
	case *ast.FuncCallExpr:
		e.Func = rw.rewriteExpr(e.Func)
		e.Receiver = rw.rewriteExpr(e.Receiver)
		rw.rewriteExprs(e.Args)
	case *ast.LogicalOpExpr:
		e.Lhs = rw.rewriteExpr(e.Lhs)
		e.Rhs = rw.rewriteExpr(e.Rhs)
	case *ast.RelationalOpExpr:
		e.Lhs = rw.rewriteExpr(e.Lhs)
		e.Rhs = rw.rewriteExpr(e.Rhs)
	case *ast.UnaryMinusOpExpr:
		e.Expr = rw.rewriteExpr(e.Expr)
	case *ast.UnaryNotOpExpr:
		e.Expr = rw.rewriteExpr(e.Expr)
	case *ast.UnaryLenOpExpr:
		e.Expr = rw.rewriteExpr(e.Expr)
		return call(e, lenName, e.Expr)
	case *ast.FunctionExpr:
		rw.rewrite(e.Stmts)
	}
	return e
}

func flattenConcat(e ast.Expr, parts *[]ast.Expr) {
	if c, ok := e.(*ast.StringConcatOpExpr); ok {
		flattenConcat(c.Lhs, parts)
		flattenConcat(c.Rhs, parts)
		return
	}
	*parts = append(*parts, e)
}

// call builds fn(args...) at the position of the expression it replaces, so
// errors still name the script's own line.
func call(at ast.Expr, fn string, args ...ast.Expr) ast.Expr {
	ident := &ast.IdentExpr{Value: fn}
	ident.SetLine(at.Line())
	ident.SetLastLine(at.LastLine())
	c := &ast.FuncCallExpr{Func: ident, Args: args, AdjustRet: true}
	c.SetLine(at.Line())
	c.SetLastLine(at.LastLine())
	return c
}
