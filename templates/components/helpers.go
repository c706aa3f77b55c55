// Package components holds the building blocks every area's pages share:
// form fields with errors, the error summary, tables, filters, pagination, badges.
package components

import "strconv"

func checkboxID(name string, i int) string {
	if i == 0 {
		return name
	}
	return name + "-" + strconv.Itoa(i)
}
