package script

import "github.com/yuin/gopher-lua/ast"

// Names of the hidden globals the rewritten operators call. A script that
// reassigns them only changes its own (still deterministic) behaviour.
const (
	powName    = "__arcade_pow"
	concatName = "__arcade_concat"
)

// rewrite replaces two operators in a parsed chunk with calls to Go
// functions we control, before it is compiled:
//
//   - a ^ b becomes __arcade_pow(a, b): gopher-lua computes ^ with math.Pow,
//     whose amd64 assembly can differ from wasm in the last bit (and the
//     compiler folds constant powers the same way), breaking replays;
//   - a .. b .. c becomes __arcade_concat(a, b, c): the VM's concatenation
//     has no size check, so `s = s .. s` doubles memory per instruction
//     faster than any watchdog can see it.
func rewrite(stmts []ast.Stmt) {
	for _, s := range stmts {
		rewriteStmt(s)
	}
}

func rewriteStmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		rewriteExprs(s.Lhs)
		rewriteExprs(s.Rhs)
	case *ast.LocalAssignStmt:
		rewriteExprs(s.Exprs)
	case *ast.FuncCallStmt:
		s.Expr = rewriteExpr(s.Expr)
	case *ast.DoBlockStmt:
		rewrite(s.Stmts)
	case *ast.WhileStmt:
		s.Condition = rewriteExpr(s.Condition)
		rewrite(s.Stmts)
	case *ast.RepeatStmt:
		s.Condition = rewriteExpr(s.Condition)
		rewrite(s.Stmts)
	case *ast.IfStmt:
		s.Condition = rewriteExpr(s.Condition)
		rewrite(s.Then)
		rewrite(s.Else)
	case *ast.NumberForStmt:
		s.Init = rewriteExpr(s.Init)
		s.Limit = rewriteExpr(s.Limit)
		s.Step = rewriteExpr(s.Step)
		rewrite(s.Stmts)
	case *ast.GenericForStmt:
		rewriteExprs(s.Exprs)
		rewrite(s.Stmts)
	case *ast.FuncDefStmt:
		if s.Name != nil {
			s.Name.Func = rewriteExpr(s.Name.Func)
			s.Name.Receiver = rewriteExpr(s.Name.Receiver)
		}
		rewrite(s.Func.Stmts)
	case *ast.ReturnStmt:
		rewriteExprs(s.Exprs)
	}
}

func rewriteExprs(es []ast.Expr) {
	for i := range es {
		es[i] = rewriteExpr(es[i])
	}
}

func rewriteExpr(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case nil:
		return nil
	case *ast.ArithmeticOpExpr:
		e.Lhs = rewriteExpr(e.Lhs)
		e.Rhs = rewriteExpr(e.Rhs)
		if e.Operator == "^" {
			return call(e, powName, e.Lhs, e.Rhs)
		}
	case *ast.StringConcatOpExpr:
		// Flatten a .. b .. c into one call, keeping operand order.
		var parts []ast.Expr
		flattenConcat(e, &parts)
		rewriteExprs(parts)
		return call(e, concatName, parts...)
	case *ast.AttrGetExpr:
		e.Object = rewriteExpr(e.Object)
		e.Key = rewriteExpr(e.Key)
	case *ast.TableExpr:
		for _, f := range e.Fields {
			f.Key = rewriteExpr(f.Key)
			f.Value = rewriteExpr(f.Value)
		}
	case *ast.FuncCallExpr:
		e.Func = rewriteExpr(e.Func)
		e.Receiver = rewriteExpr(e.Receiver)
		rewriteExprs(e.Args)
	case *ast.LogicalOpExpr:
		e.Lhs = rewriteExpr(e.Lhs)
		e.Rhs = rewriteExpr(e.Rhs)
	case *ast.RelationalOpExpr:
		e.Lhs = rewriteExpr(e.Lhs)
		e.Rhs = rewriteExpr(e.Rhs)
	case *ast.UnaryMinusOpExpr:
		e.Expr = rewriteExpr(e.Expr)
	case *ast.UnaryNotOpExpr:
		e.Expr = rewriteExpr(e.Expr)
	case *ast.UnaryLenOpExpr:
		e.Expr = rewriteExpr(e.Expr)
	case *ast.FunctionExpr:
		rewrite(e.Stmts)
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
