//! Ordering the page's short lists (catalogue search hits, the fit table) with one small,
//! non-generic routine: every `sort_by` on another element type would add its own copy of the
//! standard library's sort to the page's download.

use std::cmp::Ordering;

/// The indices `0..len` in the order `cmp` gives, stable (equal items keep their order). A
/// bottom-up merge sort of indices: O(n log n), for short lists and for a JSON object of
/// 200,000 keys alike.
pub fn stable_order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut run = 1;
    while run < len {
        for start in (0..len).step_by(2 * run) {
            let middle = (start + run).min(len);
            let end = (start + 2 * run).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                // The right run's item goes first only when smaller: equal items keep their order.
                let take_right = right < end && (left == middle || cmp(order[right], order[left]) == Ordering::Less);
                let from = if take_right { &mut right } else { &mut left };
                *slot = order[*from];
                *from += 1;
            }
        }
        std::mem::swap(&mut order, &mut merged);
        run *= 2;
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
        // Longer lists with many equal keys, of every length around the runs' powers of two.
        for len in [2, 3, 31, 32, 33, 64, 100, 1000] {
            let keys: Vec<u64> = (0..len as u64).map(|i| i.wrapping_mul(2_654_435_761) % 17).collect();
            let mut expected: Vec<usize> = (0..len).collect();
            expected.sort_by_key(|&i| keys[i]);
            assert_eq!(stable_order(len, &|a, b| keys[a].cmp(&keys[b])), expected, "{len}");
        }
        assert_eq!(stable_order(0, &|_, _| Ordering::Equal), Vec::<usize>::new());
        assert_eq!(stable_order(3, &|_, _| Ordering::Equal), [0, 1, 2]);
    }
}
