package main

import (
	"context"
	"net/http"
	"net/url"
)

// searchTargets are the one search across PR Desk (internal/reports) as
// the head uses it, over whatever the bench database holds of every area:
// a common surname typed without diacritics, which each area answers
// (the registry's name words, the visitors' and awards' name indexes, the
// directory's words, the trigram and text indexes of releases, clippings,
// delegations and twin cities), a rare one, and a registration number's
// start.
func searchTargets(_ context.Context, _ string, cookie *http.Cookie) ([]target, error) {
	q := func(s string) string { return "/reports/search?" + url.Values{"q": {s}}.Encode() }
	return []target{
		{name: "GET /reports/search?q=berzins", path: q("berzins"), cookie: cookie},
		{name: "GET /reports/search?q=(rare)", path: q("ņikovs"), cookie: cookie},
		{name: "GET /reports/search?q=(a number's start)", path: q(noNumberStart), cookie: cookie},
	}, nil
}
