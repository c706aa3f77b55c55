package main

import (
	"context"
	"net/http"
)

// reportTargets are the executive director's dashboard (clause 9.1) for
// this month and this year, each beside its previous period and the same
// period a year before: every built area's Summary three times over the
// areas' bench volumes. It has no data of its own; it reads what the
// areas' seeders made, so it is measured by name (-only "GET /reports"),
// which runs every seeder, rather than by -only /reports, which runs none.
func reportTargets(_ context.Context, _ string, cookie *http.Cookie) ([]target, error) {
	return []target{
		{name: "GET /reports this month (head)", path: "/reports?period=month", cookie: cookie},
		{name: "GET /reports this year (head)", path: "/reports?period=year", cookie: cookie},
	}, nil
}
