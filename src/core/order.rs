//! Ordering the page's short lists (catalogue search hits, the fit table) with one small,
//! non-generic routine: every `sort_by` on another element type would add its own copy of the
//! standard library's sort to the page's download.

use std::cmp::Ordering;

/// The indices `0..len` in the order `cmp` gives, stable (equal items keep their order). A
/// binary insertion sort: O(n log n) comparisons and O(n²) moves of indices, meant for the
/// catalogue-sized lists it orders (a few hundred rows at most).
pub fn stable_order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(len);
    for i in 0..len {
        // After every earlier item that is not greater, which keeps equal items in order.
        let at = order.partition_point(|&j| cmp(j, i) != Ordering::Greater);
        order.insert(at, i);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_like_the_standard_stable_sort() {
        // Pairs (key, original position): equal keys must keep their positions' order.
        let keys = [5, 3, 5, 1, 3, 9, 0, 5, 2, 2, 7, 1];
        let order = stable_order(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
        let mut expected: Vec<usize> = (0..keys.len()).collect();
        expected.sort_by_key(|&i| keys[i]);
        assert_eq!(order, expected);
        assert_eq!(stable_order(0, &|_, _| Ordering::Equal), Vec::<usize>::new());
        assert_eq!(stable_order(3, &|_, _| Ordering::Equal), [0, 1, 2]);
    }
}
