/**
 * Reads a generated Airflow DAG file back with Python's own parser (/usr/bin/python3, `ast`),
 * without Airflow: the DAG's arguments, its params' defaults, each task's keyword arguments
 * (literals), the `a >> b` edges, and each task's environment and command rendered by Jinja2
 * the way Airflow renders templated fields (a sandboxed environment, undefined names are errors).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';
export const hasPython = existsSync(PYTHON);

const READER = String.raw`
import ast, json, sys
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

source = sys.stdin.read()
context = json.loads(sys.argv[1])
tree = ast.parse(source)

def literal(node):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return {"$source": ast.unparse(node)}

imports = [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
block = next(node for node in tree.body if isinstance(node, ast.With))
call = block.items[0].context_expr
dag = {keyword.arg: literal(keyword.value) for keyword in call.keywords if keyword.arg != "params"}
params_node = next(keyword.value for keyword in call.keywords if keyword.arg == "params")
params = {ast.literal_eval(key): ast.literal_eval(value.args[0]) for key, value in zip(params_node.keys, params_node.values)}
run_params = dict(params, **context["params"])
environment = SandboxedEnvironment(undefined=StrictUndefined)
render = lambda text: environment.from_string(text).render(params=run_params, run_id=context["run_id"])

tasks, names, edges = [], {}, []
for statement in block.body:
    if isinstance(statement, ast.Assign):
        value = statement.value
        arguments = {keyword.arg: literal(keyword.value) for keyword in value.keywords}
        names[statement.targets[0].id] = arguments["task_id"]
        task = {"operator": value.func.id, "arguments": arguments}
        if "env" in arguments:
            task["env"] = {name: render(text) for name, text in arguments["env"].items()}
            task["command"] = render(arguments["bash_command"])
        tasks.append(task)
    elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.BinOp) and isinstance(statement.value.op, ast.RShift):
        edges.append([names[statement.value.left.id], names[statement.value.right.id]])
print(json.dumps({"imports": imports, "dag": dag, "params": params, "tasks": tasks, "edges": edges, "docstring": ast.get_docstring(tree)}))
`;

export interface ReadTask {
	operator: string;
	arguments: Record<string, unknown>;
	/** The environment and command as Airflow renders them for the run. */
	env?: Record<string, string>;
	command?: string;
}

export interface ReadDag {
	imports: string[];
	dag: Record<string, unknown>;
	params: Record<string, string>;
	tasks: ReadTask[];
	edges: [string, string][];
	docstring: string | null;
}

export function readDag(source: string, runId = 'manual__2026-11-30T20:00:00+00:00', params: Record<string, string> = {}): ReadDag {
	const output = execFileSync(PYTHON, ['-c', READER, JSON.stringify({ run_id: runId, params })], { input: source, encoding: 'utf8' });
	return JSON.parse(output) as ReadDag;
}
