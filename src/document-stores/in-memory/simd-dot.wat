;; The embedding-matrix kernel that simd-dot.ts carries as bytes (test/document-stores/in-memory/
;; simd-dot-wat.test.ts assembles this file and checks that the two agree byte for byte).
;;
;; dots(query, matrix, dim, rows, n, out): for each of the n row indices at `rows` (i32), the dot
;; product of that float32 row of `matrix` (dim values, dim a multiple of 4) with the float64
;; `query`, accumulated in float64, two lanes at a time, written to `out` (f64). Every argument but
;; dim and n is a byte offset into the imported memory.
(module
  (type (func (param i32 i32 i32 i32 i32 i32)))
  (import "env" "mem" (memory 1))
  (func (type 0) (param $query i32) (param $matrix i32) (param $dim i32) (param $rows i32) (param $n i32) (param $out i32)
    (local $i i32) (local $p i32) (local $unused i32) (local $end i32) (local $qp i32)
    (local $acc0 v128) (local $acc1 v128) (local $v v128)
    block
      loop ;; over the requested rows
        local.get $i
        local.get $n
        i32.ge_u
        br_if 1
        ;; p = matrix + rows[i] * dim * 4; end = p + dim * 4
        local.get $rows
        local.get $i
        i32.const 2
        i32.shl
        i32.add
        i32.load
        local.get $dim
        i32.mul
        i32.const 2
        i32.shl
        local.get $matrix
        i32.add
        local.set $p
        local.get $p
        local.get $dim
        i32.const 2
        i32.shl
        i32.add
        local.set $end
        local.get $query
        local.set $qp
        v128.const i64x2 0 0
        local.set $acc0
        v128.const i64x2 0 0
        local.set $acc1
        block
          loop ;; four float32 values at a time, as two float64 pairs
            local.get $p
            local.get $end
            i32.ge_u
            br_if 1
            local.get $p
            v128.load align=4
            local.set $v
            local.get $acc0
            local.get $v
            f64x2.promote_low_f32x4
            local.get $qp
            v128.load align=8
            f64x2.mul
            f64x2.add
            local.set $acc0
            local.get $acc1
            local.get $v
            local.get $v
            i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
            f64x2.promote_low_f32x4
            local.get $qp
            v128.load offset=16 align=8
            f64x2.mul
            f64x2.add
            local.set $acc1
            local.get $p
            i32.const 16
            i32.add
            local.set $p
            local.get $qp
            i32.const 32
            i32.add
            local.set $qp
            br 0
          end
        end
        ;; out[i] = lane 0 + lane 1 of acc0 + acc1
        local.get $out
        local.get $i
        i32.const 3
        i32.shl
        i32.add
        local.get $acc0
        local.get $acc1
        f64x2.add
        local.set $v
        local.get $v
        f64x2.extract_lane 0
        local.get $v
        f64x2.extract_lane 1
        f64.add
        f64.store
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br 0
      end
    end)
  (export "dots" (func 0)))
