/* hsviz-key-graph-layout.c — where the key schedule graph's boxes and edges go
 *
 * A layered drawing: the core gives each node its depth (its column).  An edge that skips
 * columns passes each of them in a lane, a thin slot between that column's boxes; the edges
 * from one node share their lanes.  Boxes and lanes are ordered in their column by the
 * barycenter of their neighbours (sweeps left to right and back, the order with the fewest
 * crossings kept, then neighbours swapped where that removes crossings), then placed vertically near their neighbours without overlapping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hsviz-key-graph-layout.h"

#define MARGIN   16.0
#define GAP_COL  56.0   /* between columns: where edges curve */
#define GAP_ROW  10.0   /* between two items of a column */
#define LANE_H    2.0
#define SWEEPS   12

typedef struct
{
  int    node;     /* the node of a box, -1 for a lane */
  guint  source;   /* a lane: the node whose edges it carries */
  guint  layer;
  guint  order;    /* place in its layer */
  double y, h;
  double key;
} Item;

typedef struct
{
  guint from, to;
  guint first;     /* its items: chain[first .. first + n - 1], from's box to to's box */
  guint n;
  double port;     /* y where it meets to's left side */
} Edge;

struct _HsvizKeyGraphLayout
{
  GArray    *items;    /* of Item; a node's box is item[node] */
  GPtrArray *layers;   /* of GArray of guint (item indices), in order */
  GArray    *edges;    /* of Edge */
  GArray    *chain;    /* of guint: the edges' items */
  GArray    *links;    /* of guint pairs (a, b): item a in layer L, b in L + 1, no duplicates */
  GArray    *boxes;    /* of graphene_rect_t, by node */
  double    *col_x, *col_w;
  double     width, height;
};

static Item *
item (HsvizKeyGraphLayout *self,
      guint                i)
{
  return &g_array_index (self->items, Item, i);
}

static GArray *
layer (HsvizKeyGraphLayout *self,
       guint                l)
{
  return g_ptr_array_index (self->layers, l);
}

static guint
add_item (HsvizKeyGraphLayout *self,
          int                  node,
          guint                source,
          guint                l,
          double               h)
{
  Item it = { node, source, l, layer (self, l)->len, 0, h, 0 };
  guint index = self->items->len;

  g_array_append_val (self->items, it);
  g_array_append_val (layer (self, l), index);
  return index;
}

static void
add_link (HsvizKeyGraphLayout *self,
          guint                a,
          guint                b)
{
  for (guint i = 0; i + 1 < self->links->len; i += 2)
    if (g_array_index (self->links, guint, i) == a && g_array_index (self->links, guint, i + 1) == b)
      return;
  g_array_append_val (self->links, a);
  g_array_append_val (self->links, b);
}

/* Edges, lanes and links: an edge from depth d to depth e passes lanes in d+1 … e-1 */
static void
build (HsvizKeyGraphLayout *self,
       HsvizKeyGraph       *graph,
       double               box_height)
{
  guint n = hsviz_key_graph_get_n_nodes (graph);
  g_autoptr(GHashTable) lanes = g_hash_table_new (NULL, NULL);   /* source * 256 + layer → item + 1 */

  for (guint i = 0; i < n; i++)
    add_item (self, (int) i, 0, hsviz_key_graph_get_node (graph, i)->depth, box_height);
  for (guint i = 0; i < n; i++)
    {
      const HsvizKeyNode *node = hsviz_key_graph_get_node (graph, i);

      for (guint j = 0; node->inputs[j] != NULL; j++)
        {
          const HsvizKeyNode *in = NULL;
          Edge e = { 0, i, self->chain->len, 0, 0 };
          guint prev;

          for (guint k = 0; k < i && in == NULL; k++)
            if (g_strcmp0 (hsviz_key_graph_get_node (graph, k)->id, node->inputs[j]) == 0)
              {
                in = hsviz_key_graph_get_node (graph, k);
                e.from = k;
              }
          if (in == NULL)
            continue;
          prev = e.from;
          g_array_append_val (self->chain, prev);
          for (guint l = in->depth + 1; l < node->depth; l++)
            {
              gpointer key = GUINT_TO_POINTER (e.from * 256 + l);
              guint lane = GPOINTER_TO_UINT (g_hash_table_lookup (lanes, key));

              if (lane == 0)
                {
                  lane = add_item (self, -1, e.from, l, LANE_H) + 1;
                  g_hash_table_insert (lanes, key, GUINT_TO_POINTER (lane));
                }
              add_link (self, prev, lane - 1);
              prev = lane - 1;
              g_array_append_val (self->chain, prev);
            }
          add_link (self, prev, i);
          g_array_append_val (self->chain, i);
          e.n = self->chain->len - e.first;
          g_array_append_val (self->edges, e);
        }
    }
}

/* Crossings between the links of neighbouring layers, at the current orders */
static guint
count_crossings (HsvizKeyGraphLayout *self)
{
  guint crossings = 0;

  for (guint i = 0; i + 1 < self->links->len; i += 2)
    for (guint j = i + 2; j + 1 < self->links->len; j += 2)
      {
        Item *a0 = item (self, g_array_index (self->links, guint, i));
        Item *a1 = item (self, g_array_index (self->links, guint, i + 1));
        Item *b0 = item (self, g_array_index (self->links, guint, j));
        Item *b1 = item (self, g_array_index (self->links, guint, j + 1));

        if (a0->layer == b0->layer &&
            ((a0->order < b0->order && a1->order > b1->order) ||
             (a0->order > b0->order && a1->order < b1->order)))
          crossings++;
      }
  return crossings;
}

static int
compare_key (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  Item *ia = item (data, *(const guint *) a);
  Item *ib = item (data, *(const guint *) b);

  if (ia->key != ib->key)
    return ia->key < ib->key ? -1 : 1;
  return ia->order < ib->order ? -1 : ia->order > ib->order;
}

/* The key of each item of layer @l: the mean place (0 … 1) of its linked items in layer @ref,
 * or its own place when it has none there */
static void
sort_layer (HsvizKeyGraphLayout *self,
            guint                l,
            guint                ref)
{
  GArray *items = layer (self, l);

  for (guint i = 0; i < items->len; i++)
    {
      guint it = g_array_index (items, guint, i);
      double sum = 0;
      guint count = 0;

      for (guint k = 0; k + 1 < self->links->len; k += 2)
        {
          guint a = g_array_index (self->links, guint, k), b = g_array_index (self->links, guint, k + 1);
          guint other = a == it ? b : b == it ? a : G_MAXUINT;

          if (other != G_MAXUINT && item (self, other)->layer == ref)
            {
              sum += (item (self, other)->order + 0.5) / layer (self, ref)->len;
              count++;
            }
        }
      item (self, it)->key = count > 0 ? sum / count : (i + 0.5) / items->len;
    }
  g_array_sort_with_data (items, compare_key, self);
  for (guint i = 0; i < items->len; i++)
    item (self, g_array_index (items, guint, i))->order = i;
}

/* Swaps neighbours in a layer while that removes crossings (after the sweeps: they leave some
 * a swap undoes) */
static void
transpose (HsvizKeyGraphLayout *self,
           guint                crossings)
{
  gboolean better = TRUE;

  for (int round = 0; round < 8 && better && crossings > 0; round++)
    {
      better = FALSE;
      for (guint l = 0; l < self->layers->len; l++)
        for (guint i = 0; i + 1 < layer (self, l)->len; i++)
          {
            guint *a = &g_array_index (layer (self, l), guint, i);
            guint *b = &g_array_index (layer (self, l), guint, i + 1);
            guint swapped, tmp;

            item (self, *a)->order = i + 1;
            item (self, *b)->order = i;
            swapped = count_crossings (self);
            if (swapped < crossings)
              {
                tmp = *a;
                *a = *b;
                *b = tmp;
                crossings = swapped;
                better = TRUE;
              }
            else
              {
                item (self, *a)->order = i;
                item (self, *b)->order = i + 1;
              }
          }
    }
}

static void
order_layers (HsvizKeyGraphLayout *self)
{
  guint n = self->layers->len;
  g_autofree guint *best = g_new (guint, self->items->len);
  guint best_crossings = count_crossings (self);

  for (guint i = 0; i < self->items->len; i++)
    best[i] = item (self, i)->order;
  for (guint sweep = 0; sweep < SWEEPS && best_crossings > 0; sweep++)
    {
      guint crossings;

      if (sweep % 2 == 0)
        for (guint l = 1; l < n; l++)
          sort_layer (self, l, l - 1);
      else
        for (guint l = n - 1; l-- > 0;)
          sort_layer (self, l, l + 1);
      crossings = count_crossings (self);
      if (crossings < best_crossings)
        {
          best_crossings = crossings;
          for (guint i = 0; i < self->items->len; i++)
            best[i] = item (self, i)->order;
        }
    }
  for (guint it = 0; it < self->items->len; it++)
    {
      item (self, it)->order = best[it];
      g_array_index (layer (self, item (self, it)->layer), guint, best[it]) = it;
    }
  transpose (self, best_crossings);
}

/* Places layer @l's items as near as they can be to the centre of their linked items in layer
 * @ref (their key), in order, GAP_ROW apart: overlapping items join a block, centred on the
 * mean of what its items want */
static void
place_layer (HsvizKeyGraphLayout *self,
             guint                l,
             guint                ref)
{
  GArray *items = layer (self, l);
  g_autofree double *top = g_new (double, items->len);       /* per block: its top */
  g_autofree double *height = g_new (double, items->len);
  g_autofree double *sum = g_new (double, items->len);       /* of wanted tops minus offsets */
  g_autofree guint *count = g_new (guint, items->len);
  g_autofree guint *start = g_new (guint, items->len);
  guint n_blocks = 0;

  for (guint i = 0; i < items->len; i++)
    {
      Item *it = item (self, g_array_index (items, guint, i));
      double want = 0;
      guint links = 0;

      for (guint k = 0; k + 1 < self->links->len; k += 2)
        {
          guint a = g_array_index (self->links, guint, k), b = g_array_index (self->links, guint, k + 1);
          guint me = g_array_index (items, guint, i);
          guint other = a == me ? b : b == me ? a : G_MAXUINT;

          if (other != G_MAXUINT && item (self, other)->layer == ref)
            {
              want += item (self, other)->y + item (self, other)->h / 2;
              links++;
            }
        }
      want = links > 0 ? want / links - it->h / 2 : it->y;
      top[n_blocks] = want;
      height[n_blocks] = it->h;
      sum[n_blocks] = want;
      count[n_blocks] = 1;
      start[n_blocks] = i;
      n_blocks++;
      while (n_blocks > 1 && top[n_blocks - 2] + height[n_blocks - 2] + GAP_ROW > top[n_blocks - 1])
        {
          guint a = n_blocks - 2, b = n_blocks - 1;

          sum[a] += sum[b] - count[b] * (height[a] + GAP_ROW);
          count[a] += count[b];
          height[a] += GAP_ROW + height[b];
          top[a] = sum[a] / count[a];
          n_blocks--;
        }
    }
  for (guint b = 0; b < n_blocks; b++)
    {
      double y = top[b];

      for (guint i = start[b]; i < (b + 1 < n_blocks ? start[b + 1] : items->len); i++)
        {
          Item *it = item (self, g_array_index (items, guint, i));

          it->y = y;
          y += it->h + GAP_ROW;
        }
    }
}

static void
place_items (HsvizKeyGraphLayout *self)
{
  guint n = self->layers->len;
  double top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE;

  /* Start: each column stacked from the top */
  for (guint l = 0; l < n; l++)
    {
      double y = 0;

      for (guint i = 0; i < layer (self, l)->len; i++)
        {
          Item *it = item (self, g_array_index (layer (self, l), guint, i));

          it->y = y;
          y += it->h + GAP_ROW;
        }
    }
  for (guint sweep = 0; sweep < 4; sweep++)
    {
      for (guint l = 1; l < n; l++)
        place_layer (self, l, l - 1);
      for (guint l = n - 1; l-- > 0;)
        place_layer (self, l, l + 1);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      top = MIN (top, item (self, i)->y);
      bottom = MAX (bottom, item (self, i)->y + item (self, i)->h);
    }
  for (guint i = 0; i < self->items->len; i++)
    item (self, i)->y += MARGIN - top;
  self->height = self->items->len > 0 ? bottom - top + 2 * MARGIN : 0;
}

/* Where each edge meets its node's left side: spread over the side in the order of where the
 * edges come from */
static void
place_ports (HsvizKeyGraphLayout *self)
{
  for (guint e = 0; e < self->edges->len; e++)
    {
      Edge *edge = &g_array_index (self->edges, Edge, e);
      Item *to = item (self, edge->to);
      Item *before = item (self, g_array_index (self->chain, guint, edge->first + edge->n - 2));
      double mine = before->y + before->h / 2;
      guint rank = 0, total = 0;

      for (guint f = 0; f < self->edges->len; f++)
        {
          Edge *other = &g_array_index (self->edges, Edge, f);
          Item *ob;
          double y;

          if (other->to != edge->to)
            continue;
          ob = item (self, g_array_index (self->chain, guint, other->first + other->n - 2));
          y = ob->y + ob->h / 2;
          total++;
          if (y < mine || (y == mine && f < e))
            rank++;
        }
      edge->port = to->y + to->h * (rank + 1) / (total + 1);
    }
}

HsvizKeyGraphLayout *
hsviz_key_graph_layout_new (HsvizKeyGraph *graph,
                            const double  *widths,
                            double         box_height)
{
  HsvizKeyGraphLayout *self = g_new0 (HsvizKeyGraphLayout, 1);
  guint n = hsviz_key_graph_get_n_nodes (graph);
  guint n_layers = n > 0 ? hsviz_key_graph_get_max_depth (graph) + 1 : 0;

  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  self->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->edges = g_array_new (FALSE, TRUE, sizeof (Edge));
  self->chain = g_array_new (FALSE, FALSE, sizeof (guint));
  self->links = g_array_new (FALSE, FALSE, sizeof (guint));
  self->boxes = g_array_sized_new (FALSE, TRUE, sizeof (graphene_rect_t), n);
  self->col_x = g_new0 (double, n_layers + 1);
  self->col_w = g_new0 (double, n_layers + 1);
  for (guint l = 0; l < n_layers; l++)
    g_ptr_array_add (self->layers, g_array_new (FALSE, FALSE, sizeof (guint)));
  if (n == 0)
    return self;

  build (self, graph, box_height);
  order_layers (self);
  place_items (self);
  place_ports (self);

  for (guint i = 0; i < n; i++)
    {
      guint l = item (self, i)->layer;

      self->col_w[l] = MAX (self->col_w[l], widths[i]);
    }
  self->col_x[0] = MARGIN;
  for (guint l = 0; l < n_layers; l++)
    self->col_x[l + 1] = self->col_x[l] + self->col_w[l] + GAP_COL;
  self->width = self->col_x[n_layers] - GAP_COL + MARGIN;
  g_array_set_size (self->boxes, n);
  for (guint i = 0; i < n; i++)
    {
      Item *it = item (self, i);

      graphene_rect_init (&g_array_index (self->boxes, graphene_rect_t, i),
                          self->col_x[it->layer], it->y, self->col_w[it->layer], it->h);
    }
  return self;
}

void
hsviz_key_graph_layout_free (HsvizKeyGraphLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->items);
  g_ptr_array_unref (self->layers);
  g_array_unref (self->edges);
  g_array_unref (self->chain);
  g_array_unref (self->links);
  g_array_unref (self->boxes);
  g_free (self->col_x);
  g_free (self->col_w);
  g_free (self);
}

void
hsviz_key_graph_layout_get_size (HsvizKeyGraphLayout *self,
                                 double              *width,
                                 double              *height)
{
  *width = self->width;
  *height = self->height;
}

const graphene_rect_t *
hsviz_key_graph_layout_get_box (HsvizKeyGraphLayout *self,
                                guint                node)
{
  g_return_val_if_fail (node < self->boxes->len, NULL);
  return &g_array_index (self->boxes, graphene_rect_t, node);
}

int
hsviz_key_graph_layout_node_at (HsvizKeyGraphLayout *self,
                                double               x,
                                double               y)
{
  for (guint i = 0; i < self->boxes->len; i++)
    if (graphene_rect_contains_point (&g_array_index (self->boxes, graphene_rect_t, i),
                                      &GRAPHENE_POINT_INIT (x, y)))
      return (int) i;
  return -1;
}

guint
hsviz_key_graph_layout_get_n_edges (HsvizKeyGraphLayout *self)
{
  return self->edges->len;
}

void
hsviz_key_graph_layout_get_edge (HsvizKeyGraphLayout *self,
                                 guint                k,
                                 guint               *from,
                                 guint               *to)
{
  g_return_if_fail (k < self->edges->len);
  *from = g_array_index (self->edges, Edge, k).from;
  *to = g_array_index (self->edges, Edge, k).to;
}

/* From the middle of the source's right side, a curve in each gap between columns, a straight
 * line through each lane, into the target's left side at its port */
void
hsviz_key_graph_layout_append_edge (HsvizKeyGraphLayout *self,
                                    cairo_t             *cr,
                                    guint                k)
{
  Edge *edge;
  Item *it;
  double x, y;

  g_return_if_fail (k < self->edges->len);
  edge = &g_array_index (self->edges, Edge, k);
  it = item (self, edge->from);
  x = self->col_x[it->layer] + self->col_w[it->layer];
  y = it->y + it->h / 2;
  cairo_new_sub_path (cr);
  cairo_move_to (cr, x, y);
  for (guint c = 1; c < edge->n; c++)
    {
      guint l;
      double nx, ny, mid;

      it = item (self, g_array_index (self->chain, guint, edge->first + c));
      l = it->layer;
      nx = self->col_x[l];
      ny = c + 1 == edge->n ? edge->port : it->y + it->h / 2;
      mid = (x + nx) / 2;
      cairo_curve_to (cr, mid, y, mid, ny, nx, ny);
      x = nx;
      y = ny;
      if (c + 1 < edge->n)
        {
          x = self->col_x[l] + self->col_w[l];
          cairo_line_to (cr, x, y);
        }
    }
}
